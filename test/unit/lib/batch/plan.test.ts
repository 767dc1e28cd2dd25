import { describe, expect, it } from "vitest";
import { checkItem, planItem, planItems } from "@/lib/batch/plan";
import type { BatchOperation } from "@/lib/batch/spec";
import { batchOperationSchema, isDestructive, isIdempotent } from "@/lib/batch/spec";

const rename: BatchOperation = { op: "rename", pattern: { kind: "prefix", from: "a/", to: "b/" }, overwrite: false };

describe("planItem / planItems", () => {
  it("plans source → target for a rename in the same bucket", () => {
    expect(planItem(rename, "media", { key: "a/1.jpg" })).toEqual({ bucket: "media", key: "a/1.jpg", targetBucket: "media", targetKey: "b/1.jpg", skip: null });
  });

  it("keeps non-target operations target-free", () => {
    expect(planItem({ op: "delete" }, "media", { key: "x" })).toEqual({ bucket: "media", key: "x", targetBucket: null, targetKey: null, skip: null });
  });

  it("skips a copy onto the very same object but allows the same key in another bucket", () => {
    const same: BatchOperation = { op: "copy", targetBucket: "media", pattern: { kind: "same" }, overwrite: true };
    expect(planItem(same, "media", { key: "x" }).skip).toBe("same_as_source");
    expect(planItem({ ...same, targetBucket: "backup" }, "media", { key: "x" }).skip).toBeNull();
  });

  it("marks later items that land on an already planned target as duplicates", () => {
    const op: BatchOperation = { op: "move", targetBucket: "media", pattern: { kind: "replace", find: "-v2", replace: "" }, overwrite: false };
    const items = planItems(op, "media", [{ key: "a-v2.jpg" }, { key: "a-v2-v2.jpg" }, { key: "b-v2.jpg" }, { key: "c.jpg" }]);
    expect(items.map((i) => [i.targetKey, i.skip])).toEqual([
      ["a.jpg", null],
      ["a.jpg", "duplicate_target"],
      ["b.jpg", null],
      [null, "no_match"],
    ]);
  });

  it("uses explicit targets from the key list", () => {
    const op: BatchOperation = { op: "rename", pattern: { kind: "explicit" }, overwrite: false };
    expect(planItems(op, "m", [{ key: "x", target: "y" }, { key: "z" }]).map((i) => i.skip)).toEqual([null, "no_target"]);
  });
});

describe("checkItem", () => {
  it("classifies dry-run stats", () => {
    expect(checkItem(rename, false, false)).toBe("missing");
    expect(checkItem(rename, true, true)).toBe("conflict");
    expect(checkItem({ ...rename, overwrite: true }, undefined, true)).toBe("overwrite");
    expect(checkItem(rename, true, false)).toBe("ok");
    expect(checkItem({ op: "delete" }, undefined, undefined)).toBe("ok");
  });
});

describe("operation spec", () => {
  it("knows which runs are destructive and which may be re-sent", () => {
    expect(isDestructive({ op: "delete" })).toBe(true);
    expect(isDestructive(rename)).toBe(true);
    expect(isDestructive({ op: "copy", targetBucket: "b2b", pattern: { kind: "same" }, overwrite: false })).toBe(false);
    expect(isDestructive({ op: "copy", targetBucket: "b2b", pattern: { kind: "same" }, overwrite: true })).toBe(true);
    expect(isDestructive({ op: "chtype", type: 1 })).toBe(false);
    expect(isIdempotent({ op: "chgm", mime: "text/plain" })).toBe(true);
    expect(isIdempotent({ op: "delete" })).toBe(false);
    expect(isIdempotent(rename)).toBe(false);
  });

  it("validates parameters", () => {
    expect(batchOperationSchema.safeParse({ op: "chtype", type: 6 }).success).toBe(false); // 5 (intelligent tiering) is a class since 2025 (spec.test.ts)
    expect(batchOperationSchema.safeParse({ op: "restoreAr", freezeAfterDays: 8 }).success).toBe(false);
    expect(batchOperationSchema.safeParse({ op: "chgm", mime: "not a mime" }).success).toBe(false);
    expect(batchOperationSchema.safeParse({ op: "chgm", mime: "text/plain; charset=utf-8" }).success).toBe(true);
    expect(batchOperationSchema.safeParse({ op: "move", targetBucket: "bad/bucket", pattern: { kind: "same" }, overwrite: false }).success).toBe(false); // (Old_Bucket names are valid: spec.test.ts)
  });
});
