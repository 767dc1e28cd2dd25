// The bucket-management input rules are Qiniu's: new bucket names, lifecycle day order, tags, referer patterns.
import { describe, expect, it } from "vitest";
import { existingBucket, lifecycleOrderProblem, lifecycleRule, newBucketName, referInput, tagsInput } from "@/lib/buckets/schemas";
import { isTestDomain } from "@/lib/buckets/domains";

const days = { to_line_after_days: 0, to_archive_ir_after_days: 0, to_archive_after_days: 0, to_deep_archive_after_days: 0, delete_after_days: 0 };

describe("bucket-management schemas", () => {
  it("new bucket names: 3–63 of a-z 0-9 -, letter or digit at both ends; existing names are looser", () => {
    for (const ok of ["abc", "a-1", "x".repeat(63), "0bucket9"]) expect(newBucketName.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["ab", "x".repeat(64), "-abc", "abc-", "Abc", "a_b", "a.b", ""]) expect(newBucketName.safeParse(bad).success, bad).toBe(false);
    expect(existingBucket.safeParse("Old_Bucket").success).toBe(true);
    expect(existingBucket.safeParse("../x").success).toBe(false);
  });

  it("lifecycle days must grow from transition to deletion and do something", () => {
    expect(lifecycleOrderProblem({ ...days, to_line_after_days: 10, delete_after_days: 30 })).toBeUndefined();
    expect(lifecycleOrderProblem({ ...days, to_line_after_days: 30, to_archive_after_days: 30 })).toBe("to_archive_after_days");
    expect(lifecycleOrderProblem({ ...days, to_archive_after_days: 40, delete_after_days: 20 })).toBe("delete_after_days");
    expect(lifecycleOrderProblem(days)).toBe("delete_after_days");
    expect(lifecycleRule.safeParse({ name: "ok_1", prefix: "", ...days, delete_after_days: 1 }).success).toBe(true);
    expect(lifecycleRule.safeParse({ name: "bad name", prefix: "", ...days, delete_after_days: 1 }).success).toBe(false);
  });

  it("tags: unique keys, no kodo prefix, Qiniu's characters; referer lists need a pattern unless off", () => {
    expect(tagsInput.safeParse({ bucket: "b", tags: [{ Key: "env", Value: "prod" }] }).success).toBe(true);
    expect(
      tagsInput.safeParse({
        bucket: "b",
        tags: [
          { Key: "env", Value: "a" },
          { Key: "env", Value: "b" },
        ],
      }).success,
    ).toBe(false);
    expect(tagsInput.safeParse({ bucket: "b", tags: [{ Key: "kodo-x", Value: "a" }] }).success).toBe(false);
    expect(tagsInput.safeParse({ bucket: "b", tags: [{ Key: "e<v", Value: "a" }] }).success).toBe(false);
    const refer = { bucket: "b", allowEmptyReferer: false, sourceEnabled: false };
    expect(referInput.safeParse({ ...refer, mode: 0, patterns: [] }).success).toBe(true);
    expect(referInput.safeParse({ ...refer, mode: 1, patterns: [] }).success).toBe(false);
    expect(referInput.safeParse({ ...refer, mode: 2, patterns: ["*.a.com", "b.org:8080", "*"] }).success).toBe(true);
    expect(referInput.safeParse({ ...refer, mode: 1, patterns: ["http://a.com/"] }).success).toBe(false);
  });

  it("marks Qiniu test domains and the emulator's loopback domains", () => {
    expect(isTestDomain("abc.bkt.clouddn.com")).toBe(true);
    expect(isTestDomain("127.0.0.1:9410")).toBe(true);
    expect(isTestDomain("cdn.example.com")).toBe(false);
  });
});
