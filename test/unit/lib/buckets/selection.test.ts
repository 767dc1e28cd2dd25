import { describe, expect, it } from "vitest";
import { EMPTY_SELECTION, clickSelect, pruneSelection, selectAllLoaded, selectAllMatching, toggleOne } from "@/lib/buckets/selection";

const order = ["a", "b", "c", "d", "e"];
const sorted = (s: { keys: ReadonlySet<string> }) => [...s.keys].sort();

describe("selection", () => {
  it("selects one on click and a range on shift-click, in either direction", () => {
    let s = clickSelect(EMPTY_SELECTION, "b", order);
    expect(sorted(s)).toEqual(["b"]);
    s = clickSelect(s, "d", order, { shift: true });
    expect(sorted(s)).toEqual(["b", "c", "d"]);
    s = clickSelect(s, "a", order, { shift: true });
    expect(sorted(s)).toEqual(["a", "b"]);
  });

  it("toggles with ctrl/cmd and the checkbox, and adds ranges to a toggled selection", () => {
    let s = clickSelect(EMPTY_SELECTION, "a", order, { toggle: true });
    s = clickSelect(s, "e", order, { toggle: true });
    expect(sorted(s)).toEqual(["a", "e"]);
    s = clickSelect(s, "c", order, { toggle: true, shift: true });
    expect(sorted(s)).toEqual(["a", "c", "d", "e"]);
    s = toggleOne(s, "a");
    expect(sorted(s)).toEqual(["c", "d", "e"]);
  });

  it("falls back to a single selection when the anchor is no longer shown", () => {
    const s = clickSelect({ keys: new Set(["gone"]), anchor: "gone", allMatching: false }, "c", order, { shift: true });
    expect(sorted(s)).toEqual(["c"]);
  });

  it("selects all loaded, all matching, and forgets removed keys", () => {
    expect(sorted(selectAllLoaded(order))).toEqual(order);
    const all = selectAllMatching();
    expect(all.allMatching).toBe(true);
    expect(clickSelect(all, "a", order).allMatching).toBe(false);
    const s = selectAllLoaded(order);
    expect(sorted(pruneSelection(s, new Set(["a", "e", "z"])))).toEqual(["a", "e"]);
    const same = selectAllLoaded(["a"]);
    expect(pruneSelection(same, new Set(["a"]))).toBe(same);
  });
});
