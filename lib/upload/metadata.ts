// Custom metadata (x-qn-meta-*) typed into the upload form. Qiniu's rules (developer.qiniu.com/kodo/8567): a name
// of a-z A-Z 0-9 _ - up to 50 characters, a value up to 200 characters, all pairs together at most 1 KB. Values
// travel as HTTP header values on download, so they are kept to printable ASCII.

export interface MetaRow {
  name: string;
  value: string;
}

export type MetaProblem = "name" | "value" | "duplicate" | "total";

export const META_PREFIX = "x-qn-meta-";
const NAME = /^[A-Za-z0-9_-]{1,50}$/;
const VALUE = /^[\x20-\x7e]{0,200}$/;
const TOTAL_BYTES = 1024;

export type CheckedMetadata = { ok: true; metadata: Record<string, string> } | { ok: false; problems: { index: number; problem: MetaProblem }[] };

/**
 * The rows as `{ name: value }` (names without the prefix), or what is wrong with each bad row. Fully empty rows
 * are ignored (the form keeps one ready to type into); names compare case-insensitively, as headers do.
 */
export function checkMetadata(rows: readonly MetaRow[]): CheckedMetadata {
  const problems: { index: number; problem: MetaProblem }[] = [];
  const metadata: Record<string, string> = {};
  const seen = new Set<string>();
  let bytes = 0;
  rows.forEach((row, index) => {
    const name = row.name.trim();
    if (name === "" && row.value === "") return;
    if (!NAME.test(name)) return problems.push({ index, problem: "name" });
    if (!VALUE.test(row.value)) return problems.push({ index, problem: "value" });
    if (seen.has(name.toLowerCase())) return problems.push({ index, problem: "duplicate" });
    seen.add(name.toLowerCase());
    metadata[name] = row.value;
    bytes += name.length + row.value.length;
  });
  if (problems.length === 0 && bytes > TOTAL_BYTES) problems.push({ index: rows.length - 1, problem: "total" });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, metadata };
}

/** Names as the upload APIs take them: form fields and the v2 `metadata` object both use `x-qn-meta-<name>`. */
export function prefixedMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`${META_PREFIX}${k}`, v]));
}
