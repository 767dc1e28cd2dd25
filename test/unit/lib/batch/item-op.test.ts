import { describe, expect, it } from "vitest";
import { itemOp } from "@/lib/batch/item-op";
import { decodeEntry } from "@/lib/qiniu/entry";
import { urlsafeBase64DecodeToString } from "@/lib/qiniu/base64";

const item = { bucket: "media", key: "a/b c.jpg", targetBucket: "archive", targetKey: "old/b c.jpg" };
const entry = (segment: string) => decodeEntry(segment);

describe("itemOp", () => {
  it("builds every operation's rs op for the item (docs/qiniu-protocol.md §8)", () => {
    const parts = (op: string) => op.split("/").slice(1);
    const [name, src] = parts(itemOp({ op: "stat" }, item));
    expect([name, entry(src)]).toEqual(["stat", { bucket: "media", key: "a/b c.jpg" }]);

    const copy = parts(itemOp({ op: "copy", targetBucket: "archive", pattern: { kind: "same" }, overwrite: true }, item));
    expect([copy[0], entry(copy[1]), entry(copy[2]), copy[3], copy[4]]).toEqual([
      "copy",
      { bucket: "media", key: "a/b c.jpg" },
      { bucket: "archive", key: "old/b c.jpg" },
      "force",
      "true",
    ]);
    // Without overwrite there is no force: an existing target gives 614.
    expect(parts(itemOp({ op: "move", targetBucket: "archive", pattern: { kind: "same" }, overwrite: false }, item))).toHaveLength(3);
    expect(parts(itemOp({ op: "rename", pattern: { kind: "same" }, overwrite: false }, item))[0]).toBe("move");

    expect(parts(itemOp({ op: "delete" }, item))[0]).toBe("delete");
    const chgm = parts(itemOp({ op: "chgm", mime: "image/webp" }, item));
    expect([chgm[0], chgm[2], urlsafeBase64DecodeToString(chgm[3])]).toEqual(["chgm", "mime", "image/webp"]);
    expect(parts(itemOp({ op: "chtype", type: 2 }, item)).slice(2)).toEqual(["type", "2"]);
    expect(parts(itemOp({ op: "deleteAfterDays", days: 0 }, item)).slice(2)).toEqual(["0"]);
    expect(parts(itemOp({ op: "restoreAr", freezeAfterDays: 3 }, item)).slice(2)).toEqual(["freezeAfterDays", "3"]);
  });

  it("refuses a targeted op on an item without a target", () => {
    expect(() => itemOp({ op: "copy", targetBucket: "archive", pattern: { kind: "same" }, overwrite: false }, { ...item, targetKey: null })).toThrow(
      /no target/,
    );
  });
});
