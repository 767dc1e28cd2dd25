// One rule for bucket names and one for object keys wherever the console names them (issue 19): a bucket that can be
// browsed can be batched, uploaded to, refreshed on the CDN and named in a saveas; a key is 1–750 bytes of UTF-8.
import { describe, expect, it } from "vitest";
import { batchSourceSchema } from "@/lib/batch/spec";
import { existingBucket, keyPrefix, newBucketName, objectKey } from "@/lib/buckets/schemas";
import { parseFopCommand } from "@/lib/processing/fop-syntax";
import { encodedEntry } from "@/lib/qiniu/entry";
import { bucketName as browseBucket, objectKey as browseKey } from "@/server/buckets/schemas";
import { objectsInput as cdnObjects } from "@/server/cdn/schemas";

const accepts = {
  browse: (b: string) => browseBucket.safeParse(b).success,
  batch: (b: string) => batchSourceSchema.safeParse({ kind: "prefix", bucket: b, prefix: "" }).success,
  cdn: (b: string) => cdnObjects.safeParse({ bucket: b, keys: ["a.txt"] }).success,
  saveas: (b: string) => parseFopCommand(`imageView2/2/w/100|saveas/${encodedEntry(b, "out.jpg")}`).ok,
};

describe("bucket names", () => {
  it("an old-style name such as My_Bucket is accepted by browse, batch, CDN and saveas alike", () => {
    for (const name of ["My_Bucket", "demo-public", "a", "A".repeat(64), "x_1-Y"]) {
      expect({ name, ...Object.fromEntries(Object.entries(accepts).map(([k, f]) => [k, f(name)])) }).toEqual({
        name,
        browse: true,
        batch: true,
        cdn: true,
        saveas: true,
      });
    }
  });

  it("names with other characters are refused everywhere alike", () => {
    for (const name of ["", "a.b", "a b", "../x", "a/b", "桶", "A".repeat(65)]) {
      expect({ name, ...Object.fromEntries(Object.entries(accepts).map(([k, f]) => [k, f(name)])) }).toEqual({
        name,
        browse: false,
        batch: false,
        cdn: false,
        saveas: false,
      });
    }
  });

  it("only creation applies Qiniu console's stricter rule", () => {
    expect(existingBucket.safeParse("My_Bucket").success).toBe(true);
    expect(newBucketName.safeParse("My_Bucket").success).toBe(false);
    expect(newBucketName.safeParse("my-bucket").success).toBe(true);
  });
});

describe("object keys", () => {
  it("the browse schema is the one key schema", () => {
    expect(browseKey).toBe(objectKey);
  });

  it("counts UTF-8 bytes, not characters: 750 bytes pass, 751 do not", () => {
    expect(objectKey.safeParse("文".repeat(250)).success).toBe(true); // 750 bytes
    expect(objectKey.safeParse("文".repeat(250) + "a").success).toBe(false);
    expect(objectKey.safeParse("a".repeat(750)).success).toBe(true);
    expect(objectKey.safeParse("").success).toBe(false);
    expect(objectKey.safeParse("lone \uD800 surrogate").success).toBe(false);
  });

  it("a prefix may be empty and follows the key rule otherwise, in batch sources too", () => {
    expect(keyPrefix.safeParse("").success).toBe(true);
    expect(keyPrefix.safeParse("photos/2024/").success).toBe(true);
    const long = "文".repeat(251); // 251 characters (a 750-character limit lets it through) but 753 bytes
    expect(keyPrefix.safeParse(long).success).toBe(false);
    expect(batchSourceSchema.safeParse({ kind: "prefix", bucket: "b", prefix: long }).success).toBe(false);
    expect(cdnObjects.safeParse({ bucket: "b", keys: [long] }).success).toBe(false);
  });
});
