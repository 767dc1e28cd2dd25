import { describe, expect, it } from "vitest";
import { bulkOp, bulkPermissions, bulkTargetKey, bulkTargets, errorSummary, failedKeys } from "@/lib/buckets/bulk-ops";
import { encodedEntry } from "@/lib/qiniu/entry";

describe("bulk changes of selected objects", () => {
  it("keeps the name below the listed folder when moving under another prefix", () => {
    expect(bulkTargetKey("a/b/c.txt", "a/", "x/")).toBe("x/b/c.txt");
    expect(bulkTargetKey("a/c.txt", "a/", "")).toBe("c.txt");
    expect(bulkTargetKey("other/c.txt", "a/", "x/")).toBe("x/other/c.txt");
  });

  it("builds the rs op of each kind", () => {
    const e = encodedEntry("b", "k");
    expect(bulkOp("b", "k", null, { kind: "delete" })).toBe(`/delete/${e}`);
    expect(bulkOp("b", "k", "t/k", { kind: "move", toBucket: "c", toPrefix: "t/", force: false })).toBe(`/move/${e}/${encodedEntry("c", "t/k")}`);
    expect(bulkOp("b", "k", "k2", { kind: "copy", toBucket: "b", toPrefix: "", force: true })).toBe(`/copy/${e}/${encodedEntry("b", "k2")}/force/true`);
    expect(bulkOp("b", "k", null, { kind: "chtype", type: 1 })).toBe(`/chtype/${e}/type/1`);
    expect(bulkOp("b", "k", null, { kind: "chstatus", status: 1 })).toBe(`/chstatus/${e}/status/1`);
    expect(bulkOp("b", "k", null, { kind: "chgm", mimeType: "text/plain" })).toMatch(new RegExp(`^/chgm/${e}/mime/`));
  });

  it("needs delete rights for a move, and checks the target's scope too", () => {
    expect(bulkPermissions({ kind: "move", toBucket: "b", toPrefix: "", force: false })).toEqual(["objects.write", "objects.delete"]);
    expect(bulkPermissions({ kind: "delete" })).toEqual(["objects.delete"]);
    expect(bulkPermissions({ kind: "chstatus", status: 0 })).toEqual(["objects.write"]);
    expect(bulkTargets("b", "k", "t/k", { kind: "copy", toBucket: "c", toPrefix: "t/", force: false })).toEqual([
      { bucket: "b", key: "k" },
      { bucket: "c", key: "t/k" },
    ]);
  });

  it("lists what failed for a retry", () => {
    expect(
      failedKeys([
        { key: "a", code: 200 },
        { key: "b", code: 612, error: "no such file" },
      ]),
    ).toEqual(["b"]);
  });

  it("sums up why items failed, most frequent reason first", () => {
    const r = [
      { key: "a", code: 614, error: "file exists" },
      { key: "b", code: 612, error: "no such file or directory" },
      { key: "c", code: 612, error: "no such file or directory" },
      { key: "d", code: 200 },
    ];
    expect(errorSummary(r)).toBe("612 no such file or directory (2), 614 file exists (1)");
  });
});
