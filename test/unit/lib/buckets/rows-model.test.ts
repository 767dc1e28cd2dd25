import { describe, expect, it } from "vitest";
import { positionOf, rowsModel } from "@/lib/buckets/rows-model";

describe("rows model", () => {
  const rows = [
    { kind: "object" as const, key: "p/b.txt", fsize: 9, mimeType: "", putTime: 1, type: 0 },
    { kind: "folder" as const, key: "p/z/" },
    { kind: "object" as const, key: "p/a.txt", fsize: 1, mimeType: "", putTime: 2, type: 0 },
  ];
  const layout = { total: 13, start: 10, rows, open: true };

  it("keeps Qiniu's order and the window's position without a sort", () => {
    const m = rowsModel(layout, null);
    expect(m.total).toBe(13);
    expect(m.slot(9)).toEqual({ type: "before" });
    expect(m.slot(11)).toEqual({ type: "row", row: rows[1] });
    expect(m.objectKeys).toEqual(["p/b.txt", "p/a.txt"]);
    expect(positionOf(m, "p/a.txt")).toBe(12);
    expect(positionOf(m, "nope")).toBe(-1);
  });

  it("sorts only the loaded rows, folders first, from position 0", () => {
    const m = rowsModel(layout, { field: "size", dir: "desc" });
    expect(m.total).toBe(3);
    expect(m.sorted).toBe(true);
    expect([0, 1, 2].map((p) => (m.slot(p) as { row: { key: string } }).row.key)).toEqual(["p/z/", "p/b.txt", "p/a.txt"]);
    expect(m.objectKeys).toEqual(["p/b.txt", "p/a.txt"]);
  });
});
