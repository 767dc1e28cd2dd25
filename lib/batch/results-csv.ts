// CSV export of a job's item results. Pure; the route handler streams it in pages. The file can be read back as a
// key list (its `key` and `target_key` columns are recognised by key-list.ts), e.g. to run the failed items elsewhere.
import Papa from "papaparse";

export interface ResultRow {
  seq: number;
  bucket: string;
  key: string;
  targetBucket: string | null;
  targetKey: string | null;
  status: string;
  check: string | null;
  code: number | null;
  message: string | null;
  attempts: number;
}

/**
 * Cells a spreadsheet would run as a formula get a leading `'`. Cells that already start with quotes before such a
 * character get one more, so that key-list.ts, which removes exactly one, reads every key back unchanged.
 */
export const FORMULA_CELL = /^'*[=+\-@\t\r]/;

export const RESULT_COLUMNS = ["seq", "bucket", "key", "target_bucket", "target_key", "status", "check", "code", "message", "attempts"] as const;

/** One CSV chunk; `header` only for the first. Lines end in CRLF (RFC 4180), formulas are escaped for spreadsheets. */
export function resultsCsv(rows: readonly ResultRow[], header: boolean): string {
  const data = rows.map((r) => [
    String(r.seq),
    r.bucket,
    r.key,
    r.targetBucket ?? "",
    r.targetKey ?? "",
    r.status,
    r.check ?? "",
    r.code === null ? "" : String(r.code),
    r.message ?? "",
    String(r.attempts),
  ]);
  if (data.length === 0) return header ? `${RESULT_COLUMNS.join(",")}\r\n` : "";
  const body = Papa.unparse({ fields: [...RESULT_COLUMNS], data }, { header, newline: "\r\n", escapeFormulae: FORMULA_CELL });
  return `${body}\r\n`;
}
