// The shape of a folder listing in the browser, and the arithmetic of a bounded window over it.
//
// Qiniu lists with opaque markers, forwards only (docs/qiniu-protocol.md §8). The client keeps at most MAX_LOADED_PAGES pages of
// rows in memory (react-query `maxPages`), and a small index of every page seen so far: its start marker and its row count.
// With that index the list knows its full scroll height, shows placeholders for pages that were dropped, and can load a
// dropped page again from its start marker when the user scrolls back. Memory stays bounded for folders of any size.

export interface ObjectRow {
  kind: "object";
  key: string;
  fsize: number;
  mimeType: string;
  /** 100 ns units, as Qiniu reports it */
  putTime: number;
  /** storage class 0–4 */
  type: number;
  /** 1 = disabled */
  status?: number;
  /** archive classes: 1 restoring, 2 restored (absent: frozen) */
  restoreStatus?: number;
}

export interface FolderRow {
  kind: "folder";
  /** the common prefix, ending with "/" */
  key: string;
}

export type BrowserRow = ObjectRow | FolderRow;

export interface ListPage {
  rows: BrowserRow[];
  /** start marker of the next page; null at the end of the listing */
  nextMarker: string | null;
}

export interface PageParam {
  index: number;
  marker: string;
}

export const PAGE_SIZE = 1000;
export const MAX_LOADED_PAGES = 10;
export const FIRST_PAGE: PageParam = { index: 0, marker: "" };

export interface ListingIndex {
  /** start marker and (once loaded) row count of every page seen, by page number */
  pages: { marker: string; count?: number }[];
  /** the last page has been seen */
  complete: boolean;
}

export const EMPTY_INDEX: ListingIndex = { pages: [{ marker: "" }], complete: false };

/** Records what loading page `param` returned. Pure: returns a new index. */
export function recordPage(index: ListingIndex, param: PageParam, page: ListPage): ListingIndex {
  const pages = index.pages.slice(0, Math.max(index.pages.length, param.index + 1));
  pages[param.index] = { marker: param.marker, count: page.rows.length };
  if (page.nextMarker === null) return { pages: pages.slice(0, param.index + 1), complete: true };
  const next = pages[param.index + 1];
  // When the next page's start moved (objects were added or removed), its old count no longer applies.
  pages[param.index + 1] = next && next.marker === page.nextMarker ? next : { marker: page.nextMarker };
  // A page that used to be the last one now has a successor: the listing grew.
  return { pages, complete: index.complete && param.index + 1 < index.pages.length };
}

export function previousParam(index: ListingIndex, first: PageParam): PageParam | undefined {
  if (first.index === 0) return undefined;
  const prev = index.pages[first.index - 1];
  return prev ? { index: first.index - 1, marker: prev.marker } : undefined;
}

export function nextParam(last: PageParam, page: ListPage): PageParam | undefined {
  return page.nextMarker === null ? undefined : { index: last.index + 1, marker: page.nextMarker };
}

export interface WindowLayout {
  /** rows (and placeholders) the scroll area spans */
  total: number;
  /** global position of the first loaded row */
  start: number;
  rows: BrowserRow[];
  /** rows may exist after the last known page (the last position is then a loading placeholder) */
  open: boolean;
}

function countOf(index: ListingIndex, i: number): number {
  return index.pages[i]?.count ?? 0;
}

/** Lays the loaded pages out inside the whole listing, as far as it is known. */
export function windowLayout(index: ListingIndex, pageParams: readonly PageParam[], pages: readonly ListPage[]): WindowLayout {
  const rows = pages.flatMap((p) => p.rows);
  if (pageParams.length === 0) return { total: 0, start: 0, rows, open: !index.complete };
  const first = pageParams[0].index;
  const last = pageParams[pageParams.length - 1].index;
  let start = 0;
  for (let i = 0; i < first; i++) start += countOf(index, i);
  let after = 0;
  for (let i = last + 1; i < index.pages.length; i++) after += countOf(index, i);
  const open = !index.complete;
  return { total: start + rows.length + after + (open ? 1 : 0), start, rows, open };
}

export type RowSlot = { type: "row"; row: BrowserRow } | { type: "before" } | { type: "after" };

/** What sits at a global position: a loaded row, or a placeholder for rows before or after the loaded window. */
export function slotAt(layout: WindowLayout, position: number): RowSlot {
  const local = position - layout.start;
  if (local < 0) return { type: "before" };
  if (local >= layout.rows.length) return { type: "after" };
  return { type: "row", row: layout.rows[local] };
}

/** The page a global position falls in, by the row counts known so far; -1 beyond the known pages. */
export function pageAt(index: ListingIndex, position: number): number {
  let start = 0;
  for (let i = 0; i < index.pages.length; i++) {
    const count = index.pages[i].count;
    if (count === undefined) return -1;
    if (position < start + count) return i;
    start += count;
  }
  return -1;
}
