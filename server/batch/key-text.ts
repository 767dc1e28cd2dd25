import "server-only";
// Object keys and prefixes as the job tables (batch_items, batch_jobs, prefix_stats) hold them. A Qiniu key may
// contain NUL, which PostgreSQL text and jsonb cannot store: NUL is written as U+FFFF "0", and U+FFFF itself as U+FFFF U+FFFF. The code is prefix-free, so the
// mapping is one-to-one (equality of targets, duplicate detection) and keeps prefixes (common prefixes, scope checks).
// Keys without either character, i.e. practically all, are stored unchanged, so their order and indexes are as before.
// Migration 010 doubles any U+FFFF already stored.

const ESC = "\uffff";
const NEEDS_ESCAPE = /[\u0000\uffff]/;
const ESCAPED = /\uffff([\s\S])/g;

export function toDbText(s: string): string;
export function toDbText(s: string | null): string | null;
export function toDbText(s: string | null): string | null {
  if (s === null || !NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\u0000\uffff]/g, (c) => (c === "\0" ? `${ESC}0` : ESC + ESC));
}

export function fromDbText(s: string): string;
export function fromDbText(s: string | null): string | null;
export function fromDbText(s: string | null): string | null {
  if (s === null || !s.includes(ESC)) return s;
  return s.replace(ESCAPED, (_, c: string) => (c === "0" ? "\0" : ESC));
}

/** Every string inside a JSON-like value (a job's source and operation: a prefix, pattern parts). */
export function mapStrings<T>(value: T, map: (s: string) => string): T {
  if (typeof value === "string") return map(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)])) as T;
  return value;
}

/** Items as read from the database, with their keys decoded. */
export function decodeItemKeys<T extends { key: string; targetKey: string | null }>(rows: T[]): T[] {
  for (const row of rows) {
    row.key = fromDbText(row.key);
    row.targetKey = fromDbText(row.targetKey);
  }
  return rows;
}
