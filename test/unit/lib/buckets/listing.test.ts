import { describe, expect, it } from "vitest";
import {
  EMPTY_INDEX,
  FIRST_PAGE,
  nextParam,
  previousParam,
  recordPage,
  slotAt,
  windowLayout,
  pageAt,
  type ListPage,
  type ListingIndex,
  type PageParam,
} from "@/lib/buckets/listing";

function page(from: number, count: number, nextMarker: string | null): ListPage {
  return { rows: Array.from({ length: count }, (_, i) => ({ kind: "folder" as const, key: `k${from + i}/` })), nextMarker };
}

/** Loads pages 0..n-1 of `sizes` in order, as infinite scroll does. */
function loadAll(sizes: number[]): { index: ListingIndex; params: PageParam[]; pages: ListPage[] } {
  let index = EMPTY_INDEX;
  const params: PageParam[] = [];
  const pages: ListPage[] = [];
  let param: PageParam | undefined = FIRST_PAGE;
  let from = 0;
  for (let i = 0; param && i < sizes.length; i++) {
    const p = page(from, sizes[i], i === sizes.length - 1 ? null : `m${i + 1}`);
    from += sizes[i];
    index = recordPage(index, param, p);
    params.push(param);
    pages.push(p);
    param = nextParam(param, p);
  }
  return { index, params, pages };
}

describe("bounded listing window", () => {
  it("spans the loaded rows plus one loading slot while more may follow", () => {
    const { index, params, pages } = loadAll([3, 3, 2]);
    const partial = windowLayout(recordPage(EMPTY_INDEX, FIRST_PAGE, pages[0]), params.slice(0, 1), pages.slice(0, 1));
    expect(partial).toMatchObject({ total: 4, start: 0, open: true });
    expect(slotAt(partial, 3)).toEqual({ type: "after" });
    const full = windowLayout(index, params, pages);
    expect(full).toMatchObject({ total: 8, start: 0, open: false });
    expect(index.complete).toBe(true);
  });

  it("keeps the full height and placeholders when the first pages were dropped", () => {
    const { index, params, pages } = loadAll([3, 3, 3, 2]);
    const layout = windowLayout(index, params.slice(2), pages.slice(2));
    expect(layout).toMatchObject({ total: 11, start: 6, open: false });
    expect(slotAt(layout, 5)).toEqual({ type: "before" });
    expect(slotAt(layout, 6)).toEqual({ type: "row", row: { kind: "folder", key: "k6/" } });
    expect(previousParam(index, params[2])).toEqual({ index: 1, marker: "m1" });
    expect(previousParam(index, params[0])).toBeUndefined();
  });

  it("keeps the full height when the last pages were dropped after scrolling back", () => {
    const { index, params, pages } = loadAll([3, 3, 3, 2]);
    const layout = windowLayout(index, params.slice(0, 2), pages.slice(0, 2));
    expect(layout).toMatchObject({ total: 11, start: 0 });
    expect(slotAt(layout, 6)).toEqual({ type: "after" });
    expect(nextParam(params[1], pages[1])).toEqual({ index: 2, marker: "m2" });
  });

  it("notices a listing that grew or shrank when a page is loaded again", () => {
    const { index } = loadAll([3, 3]);
    // The last page now has a successor: the listing is open again.
    const grown = recordPage(index, { index: 1, marker: "m1" }, page(3, 3, "m2"));
    expect(grown.complete).toBe(false);
    expect(grown.pages.map((p) => p.marker)).toEqual(["", "m1", "m2"]);
    // Reloading an earlier page of a complete listing keeps it complete.
    expect(recordPage(index, FIRST_PAGE, page(0, 2, "m1")).complete).toBe(true);
    // An earlier page is now the last one: later pages are forgotten.
    const shrunk = recordPage(index, FIRST_PAGE, page(0, 2, null));
    expect(shrunk).toEqual({ pages: [{ marker: "", count: 2 }], complete: true });
    // The next page starts elsewhere now: its old count no longer applies.
    const { index: three } = loadAll([3, 3, 3]);
    const moved = recordPage(three, FIRST_PAGE, page(0, 3, "m1-new"));
    expect(moved.pages[1]).toEqual({ marker: "m1-new" });
  });
});

describe("jumping to a position", () => {
  it("finds the page of a position from the known counts, skipping empty pages", () => {
    const { index } = loadAll([3, 0, 3, 2]);
    expect([0, 2, 3, 5, 6, 7].map((p) => pageAt(index, p))).toEqual([0, 0, 2, 2, 3, 3]);
    expect(pageAt(index, 8)).toBe(-1);
    expect(pageAt(EMPTY_INDEX, 0)).toBe(-1);
  });
});
