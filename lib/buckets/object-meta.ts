// Custom metadata (`x-qn-meta-<name>`) as Qiniu's chgm accepts it (developer.qiniu.com/kodo/api/chgm): names of
// letters, digits, '_' and '-' up to 50 bytes; values with the MIME type's character set; names and values of one
// file at most 1024 bytes in all. Pure: the editor checks with the same rules the server does.

export const META_NAME = /^[A-Za-z0-9_-]{1,50}$/;
export const META_VALUE = /^[A-Za-z0-9.+/\-;=,_ ]+$/;
export const META_MAX_BYTES = 1024;

export interface MetaEntry {
  name: string;
  value: string;
  /** an existing name marked for removal */
  removed?: boolean;
}

export function metaBytes(meta: Record<string, string>): number {
  const enc = new TextEncoder();
  return Object.entries(meta).reduce((n, [k, v]) => n + enc.encode(k).length + enc.encode(v).length, 0);
}

export type MetaProblem = "name" | "value" | "duplicate" | "tooLarge";

/** The first problem of an edited list, or null. Empty rows (no name, no value) are ignored. */
export function metaProblem(entries: readonly MetaEntry[]): { problem: MetaProblem; index: number } | null {
  const seen = new Set<string>();
  const rows = entries.map((e, index) => ({ ...e, index })).filter((e) => !e.removed && (e.name !== "" || e.value !== ""));
  for (const e of rows) {
    if (!META_NAME.test(e.name)) return { problem: "name", index: e.index };
    if (!META_VALUE.test(e.value)) return { problem: "value", index: e.index };
    if (seen.has(e.name)) return { problem: "duplicate", index: e.index };
    seen.add(e.name);
  }
  const all = Object.fromEntries(rows.map((e) => [e.name, e.value]));
  return metaBytes(all) > META_MAX_BYTES ? { problem: "tooLarge", index: -1 } : null;
}

/**
 * What to send to chgm to turn `before` into the edited list: the new names and the changed values in `set`, and in
 * `remove` the names that were there and are marked removed (sent to chgm with an empty value, which removes them).
 */
export function metaChanges(before: Record<string, string>, entries: readonly MetaEntry[]): { set: Record<string, string>; remove: string[] } {
  const kept = entries.filter((e) => !e.removed);
  const remove = entries.filter((e) => e.removed && e.name in before).map((e) => e.name);
  return { set: Object.fromEntries(kept.filter((e) => e.name !== "" && before[e.name] !== e.value).map((e) => [e.name, e.value])), remove };
}
