// Selection of objects in the browser, as a pure state machine: click selects one, ctrl/cmd-click toggles, shift-click
// selects the range from the anchor in the order shown. "All matching this prefix" is a mode, not a list of keys: the batch
// page lists the prefix itself, so it works for folders of any size.

export interface Selection {
  keys: ReadonlySet<string>;
  /** where the next shift-click range starts */
  anchor: string | null;
  /** every object whose key starts with the listed prefix, loaded or not */
  allMatching: boolean;
}

export const EMPTY_SELECTION: Selection = { keys: new Set(), anchor: null, allMatching: false };

export interface ClickModifiers {
  shift?: boolean;
  toggle?: boolean;
}

/** `ordered` is the list of selectable keys in display order (objects only). */
export function clickSelect(sel: Selection, key: string, ordered: readonly string[], mods: ClickModifiers = {}): Selection {
  if (mods.shift && sel.anchor !== null) {
    const from = ordered.indexOf(sel.anchor);
    const to = ordered.indexOf(key);
    if (from >= 0 && to >= 0) {
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      const keys = new Set(mods.toggle ? sel.keys : []);
      for (let i = lo; i <= hi; i++) keys.add(ordered[i]);
      return { keys, anchor: sel.anchor, allMatching: false };
    }
  }
  if (mods.toggle) {
    const keys = new Set(sel.keys);
    if (keys.has(key)) keys.delete(key);
    else keys.add(key);
    return { keys, anchor: key, allMatching: false };
  }
  return { keys: new Set([key]), anchor: key, allMatching: false };
}

/** The checkbox of a row: adds or removes that row only. */
export function toggleOne(sel: Selection, key: string): Selection {
  return clickSelect(sel, key, [], { toggle: true });
}

export function selectAllLoaded(ordered: readonly string[]): Selection {
  return { keys: new Set(ordered), anchor: ordered[0] ?? null, allMatching: false };
}

export function selectAllMatching(): Selection {
  return { keys: new Set(), anchor: null, allMatching: true };
}

/** Drops keys that are no longer listed (after a delete or move), keeping the order-independent rest. */
export function pruneSelection(sel: Selection, present: ReadonlySet<string>): Selection {
  let changed = false;
  const keys = new Set<string>();
  for (const k of sel.keys) {
    if (present.has(k)) keys.add(k);
    else changed = true;
  }
  return changed ? { ...sel, keys } : sel;
}
