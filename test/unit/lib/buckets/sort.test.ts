import { describe, expect, it } from "vitest";
import { sortRows, type SortableRow } from "@/lib/buckets/sort";

const rows: SortableRow[] = [
  { kind: "object", key: "b10.txt", fsize: 5, putTime: 3 },
  { kind: "folder", key: "z/" },
  { kind: "object", key: "b2.txt", fsize: 50, putTime: 1 },
  { kind: "folder", key: "a/" },
  { kind: "object", key: "a.txt", fsize: 5, putTime: 2 },
];

const keys = (r: SortableRow[]) => r.map((x) => x.key);

describe("sorting loaded rows", () => {
  it("puts folders first and orders names naturally", () => {
    expect(keys(sortRows(rows, { field: "name", dir: "asc" }))).toEqual(["a/", "z/", "a.txt", "b2.txt", "b10.txt"]);
    expect(keys(sortRows(rows, { field: "name", dir: "desc" }))).toEqual(["z/", "a/", "b10.txt", "b2.txt", "a.txt"]);
  });

  it("sorts by size and date with the name as tie-breaker, without touching the input", () => {
    const before = keys(rows);
    expect(keys(sortRows(rows, { field: "size", dir: "desc" }))).toEqual(["a/", "z/", "b2.txt", "b10.txt", "a.txt"]);
    expect(keys(sortRows(rows, { field: "size", dir: "asc" }))).toEqual(["a/", "z/", "a.txt", "b10.txt", "b2.txt"]);
    expect(keys(sortRows(rows, { field: "time", dir: "asc" }))).toEqual(["a/", "z/", "b2.txt", "a.txt", "b10.txt"]);
    expect(keys(rows)).toEqual(before);
  });
});
