import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QiniuInputError } from "@/lib/qiniu/errors";
import { encodedEntry } from "@/lib/qiniu/entry";
import {
  chgmOp,
  chstatusOp,
  chtypeOp,
  copyOp,
  deleteAfterDaysOp,
  deleteOp,
  joinFops,
  moveOp,
  renameOp,
  restoreArOp,
  statOp,
  withSaveAs,
} from "@/lib/qiniu/ops";
import { anyKey, bucket } from "./arbitraries";
import { qiniu } from "./sdk";

// Present in the SDK's code, missing from its typings.
const sdkOps = qiniu.rs as unknown as { changeStatusOp(bucket: string, key: string, status: number): string };

describe("batch op builders equal the official SDK", () => {
  it("stat, delete, copy, move, chgm (mime), chtype, chstatus, deleteAfterDays", () => {
    fc.assert(
      fc.property(
        bucket,
        anyKey,
        bucket,
        anyKey,
        fc.boolean(),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3650 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        (b, k, b2, k2, force, type, days, mime) => {
          expect(statOp(b, k)).toBe(qiniu.rs.statOp(b, k));
          expect(deleteOp(b, k)).toBe(qiniu.rs.deleteOp(b, k));
          expect(copyOp({ bucket: b, key: k }, { bucket: b2, key: k2 }, force)).toBe(qiniu.rs.copyOp(b, k, b2, k2, { force }));
          expect(moveOp({ bucket: b, key: k }, { bucket: b2, key: k2 }, force)).toBe(qiniu.rs.moveOp(b, k, b2, k2, { force }));
          expect(chgmOp(b, k, mime)).toBe(qiniu.rs.changeMimeOp(b, k, mime));
          expect(chtypeOp(b, k, type as 0 | 1 | 2 | 3 | 4)).toBe(qiniu.rs.changeTypeOp(b, k, type));
          expect(chstatusOp(b, k, (type % 2) as 0 | 1)).toBe(sdkOps.changeStatusOp(b, k, type % 2));
          expect(deleteAfterDaysOp(b, k, days)).toBe(qiniu.rs.deleteAfterDaysOp(b, k, days));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("other builders", () => {
  it("renames within a bucket", () => {
    expect(renameOp("b", "old", "new", true)).toBe(`/move/${encodedEntry("b", "old")}/${encodedEntry("b", "new")}/force/true`);
  });

  it("chgm carries metadata as x-qn-meta-<name>/<b64u value>", () => {
    expect(chgmOp("b", "k", "image/png", { owner: "张三", "cache-tag": "v1" })).toBe(
      `/chgm/${encodedEntry("b", "k")}/mime/aW1hZ2UvcG5n/x-qn-meta-owner/5byg5LiJ/x-qn-meta-cache-tag/djE=`,
    );
    expect(chgmOp("b", "k", undefined, { a: "1" })).toBe(`/chgm/${encodedEntry("b", "k")}/x-qn-meta-a/MQ==`);
    expect(() => chgmOp("b", "k", undefined, { "a/b": "1" })).toThrow(QiniuInputError);
  });

  it("restoreAr takes 1 to 7 days", () => {
    expect(restoreArOp("b", "k", 3)).toBe(`/restoreAr/${encodedEntry("b", "k")}/freezeAfterDays/3`);
    expect(() => restoreArOp("b", "k", 0)).toThrow(QiniuInputError);
    expect(() => restoreArOp("b", "k", 8)).toThrow(QiniuInputError);
  });

  it("refuses out-of-range numbers", () => {
    expect(() => chtypeOp("b", "k", 6 as 0)).toThrow(QiniuInputError);
    // 5 is intelligent tiering (developer.qiniu.com/kodo/3710/chtype).
    expect(chtypeOp("b", "k", 5)).toMatch(/\/type\/5$/);
    expect(() => chstatusOp("b", "k", 2 as 0)).toThrow(QiniuInputError);
    expect(() => deleteAfterDaysOp("b", "k", -1)).toThrow(QiniuInputError);
    expect(() => deleteAfterDaysOp("b", "k", 1.5)).toThrow(QiniuInputError);
  });

  it("builds fops with saveas and joins them", () => {
    const f = withSaveAs("avthumb/mp4", "out", "a.mp4");
    expect(f).toBe("avthumb/mp4|saveas/b3V0OmEubXA0");
    expect(joinFops([f, " vframe/jpg/offset/1 ", ""])).toBe(`${f};vframe/jpg/offset/1`);
    expect(() => joinFops(["a;b"])).toThrow(QiniuInputError);
    expect(() => joinFops([" "])).toThrow(QiniuInputError);
  });
});
