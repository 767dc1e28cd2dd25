// Reads the keys of a batch from pasted text, a TXT file (one key per line) or a CSV file (key[,target]). Pure.
import Papa from "papaparse";
import type { SourceKey } from "./plan";

export interface KeyListProblem {
  /** 1-based line (TXT) or row (CSV) number. */
  line: number;
  reason: "empty_key" | "too_long" | "csv_syntax";
}

export interface KeyList {
  keys: SourceKey[];
  /** Keys listed more than once (kept once). */
  duplicates: number;
  problems: KeyListProblem[];
  /** True when a second column named each item's target. */
  hasTargets: boolean;
}

const KEY_HEADERS = new Set(["key", "keys", "source", "source_key", "src", "object", "键", "文件名", "源"]);
const TARGET_HEADERS = new Set(["target", "target_key", "dest", "destination", "目标", "目标键"]);
const MAX_KEY_CHARS = 750;

/** Plain text: one key per line; surrounding whitespace is dropped (pasted lists carry it), blank lines ignored. */
export function parseKeyLines(text: string): KeyList {
  const rows = text.split(/\r?\n/).map((line, i) => ({ line: i + 1, key: line.trim() }));
  return collect(
    rows.filter((r) => r.key !== "").map((r) => ({ line: r.line, key: r.key })),
    [],
    false,
  );
}

/** CSV with an optional header row; the key column is the first one (or the one named key/source), the target the second. */
export function parseKeyCsv(text: string): KeyList {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: "greedy" });
  const problems: KeyListProblem[] = parsed.errors.map((e) => ({ line: (e.row ?? 0) + 1, reason: "csv_syntax" as const }));
  let rows = parsed.data.map((cells, i) => ({ line: i + 1, cells: cells.map(unescapeFormula) }));
  let keyCol = 0;
  let targetCol = 1;
  const header = rows[0]?.cells.map((c) => c.trim().toLowerCase());
  if (header && header.some((h) => KEY_HEADERS.has(h))) {
    keyCol = header.findIndex((h) => KEY_HEADERS.has(h));
    targetCol = header.findIndex((h) => TARGET_HEADERS.has(h));
    rows = rows.slice(1);
  }
  const hasTargets = targetCol >= 0 && rows.some((r) => (r.cells[targetCol] ?? "").trim() !== "");
  const items = rows.map((r) => ({
    line: r.line,
    key: (r.cells[keyCol] ?? "").trim(),
    target: hasTargets ? (r.cells[targetCol] ?? "").trim() : undefined,
  }));
  return collect(items, problems, hasTargets);
}

/** Picks the parser by file name (or content, for pasted text that looks like CSV with a header). */
export function parseKeyList(input: string, fileName?: string): KeyList {
  const text = input.replace(/^\uFEFF/, "");
  const lower = fileName?.toLowerCase() ?? "";
  if (lower.endsWith(".csv")) return parseKeyCsv(text);
  if (!fileName && /^\s*"?(key|source|target_key|seq)"?\s*,/i.test(text)) return parseKeyCsv(text);
  return parseKeyLines(text);
}

function collect(rows: { line: number; key: string; target?: string }[], problems: KeyListProblem[], hasTargets: boolean): KeyList {
  const seen = new Set<string>();
  const keys: SourceKey[] = [];
  let duplicates = 0;
  for (const row of rows) {
    if (row.key === "") problems.push({ line: row.line, reason: "empty_key" });
    else if (row.key.length > MAX_KEY_CHARS) problems.push({ line: row.line, reason: "too_long" });
    else if (seen.has(row.key)) duplicates++;
    else {
      seen.add(row.key);
      keys.push(row.target === undefined ? { key: row.key } : { key: row.key, target: row.target });
    }
  }
  return { keys, duplicates, problems, hasTargets };
}

// Exports (results-csv.ts) prefix one `'` to cells that spreadsheets would run as formulas: remove it again.
function unescapeFormula(cell: string): string {
  return /^''*[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
