// What the list and grid render: either Qiniu's order over the bounded window (with placeholders for pages not in
// memory), or the loaded rows sorted by the user's choice (sorting cannot span pages Qiniu has not sent yet).
import type { SortOrder } from "./browser-url";
import { slotAt, type BrowserRow, type RowSlot, type WindowLayout } from "./listing";
import { sortRows } from "./sort";

export interface RowsModel {
  /** positions the scroll area spans */
  total: number;
  slot(position: number): RowSlot;
  /** rows in memory, in display order */
  rows: readonly BrowserRow[];
  /** position of rows[0] */
  start: number;
  /** keys of the loaded objects in display order (selection ranges follow this order) */
  objectKeys: string[];
  sorted: boolean;
}

export function rowsModel(layout: WindowLayout, sort: SortOrder | null): RowsModel {
  if (sort) {
    const rows = sortRows(layout.rows, sort);
    return {
      total: rows.length,
      slot: (p) => (p >= 0 && p < rows.length ? { type: "row", row: rows[p] } : { type: "after" }),
      rows,
      start: 0,
      objectKeys: rows.filter((r) => r.kind === "object").map((r) => r.key),
      sorted: true,
    };
  }
  return {
    total: layout.total,
    slot: (p) => slotAt(layout, p),
    rows: layout.rows,
    start: layout.start,
    objectKeys: layout.rows.filter((r) => r.kind === "object").map((r) => r.key),
    sorted: false,
  };
}

/** Position of the row with this key, or -1 when it is not in memory. */
export function positionOf(model: RowsModel, key: string): number {
  const i = model.rows.findIndex((r) => r.key === key);
  return i < 0 ? -1 : model.start + i;
}
