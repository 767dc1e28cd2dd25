import { describe, expect, it } from "vitest";
import { batchOperationSchema, batchSourceSchema } from "@/lib/batch/spec";
import { STORAGE_CLASSES } from "@/lib/buckets/storage-class";

// One bucket-name rule and one list of storage classes for the whole console: a bucket the browser can open (older
// Qiniu buckets may hold upper case and '_') can be batched, and every class the browser offers can be a batch target.
describe("batch job specs", () => {
  it("take every bucket name the bucket browser takes, as source and as target", () => {
    for (const bucket of ["My_Bucket", "media", "a_b-c"]) {
      expect(batchSourceSchema.safeParse({ kind: "prefix", bucket, prefix: "" }).success).toBe(true);
      expect(batchOperationSchema.safeParse({ op: "copy", targetBucket: bucket, pattern: { kind: "same" }, overwrite: false }).success).toBe(true);
    }
    for (const bucket of ["", "a/b", "x".repeat(65), "bad name"]) expect(batchSourceSchema.safeParse({ kind: "keys", bucket }).success).toBe(false);
  });

  it("change to every storage class Qiniu has, intelligent tiering (5) included", () => {
    for (const type of STORAGE_CLASSES) expect(batchOperationSchema.safeParse({ op: "chtype", type }).success).toBe(true);
    expect(STORAGE_CLASSES).toContain(5);
    expect(batchOperationSchema.safeParse({ op: "chtype", type: 6 }).success).toBe(false);
  });
});
