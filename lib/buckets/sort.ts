// Sorting happens over the rows already loaded (Qiniu lists by key only); the UI says so next to the sort control.
import type { SortOrder } from "./browser-url";

export interface SortableRow {
  kind: "folder" | "object";
  /** full key, or the full common prefix for folders */
  key: string;
  fsize?: number;
  putTime?: number;
}

const collator = new Intl.Collator("en", { numeric: true });

function compareBy(order: SortOrder): (a: SortableRow, b: SortableRow) => number {
  const sign = order.dir === "asc" ? 1 : -1;
  return (a, b) => {
    let d = 0;
    if (order.field === "size") d = (a.fsize ?? 0) - (b.fsize ?? 0);
    else if (order.field === "time") d = (a.putTime ?? 0) - (b.putTime ?? 0);
    if (d === 0) d = collator.compare(a.key, b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    return sign * d;
  };
}

/** Folders first (by name), then objects in the chosen order. Returns a new array; the input is untouched. */
export function sortRows<T extends SortableRow>(rows: readonly T[], order: SortOrder): T[] {
  const folders = rows.filter((r) => r.kind === "folder");
  const objects = rows.filter((r) => r.kind === "object");
  const byName = compareBy({ field: "name", dir: order.field === "name" ? order.dir : "asc" });
  return [...folders.sort(byName), ...objects.sort(compareBy(order))];
}
