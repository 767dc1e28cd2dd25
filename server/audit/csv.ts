import type { AuditRecord } from "./log";

export const AUDIT_CSV_HEADER = [
  "id",
  "time_utc",
  "actor",
  "role",
  "action",
  "bucket",
  "target",
  "outcome",
  "error_code",
  "error_message",
  "req_id",
  "ip",
  "params",
];

/**
 * One CSV field (RFC 4180). Cells that a spreadsheet would run as a formula (= + - @, tab, CR) get a leading
 * apostrophe: audit values come from users and must not execute when an admin opens the export.
 */
export function csvField(value: unknown): string {
  let s =
    value === null || value === undefined
      ? ""
      : value instanceof Date
        ? value.toISOString()
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsvRow(r: AuditRecord): string {
  return (
    [r.id, r.at, r.actor.email, r.actor.role, r.action, r.bucket, r.target, r.outcome, r.errorCode, r.errorMessage, r.reqId, r.ip, r.params]
      .map(csvField)
      .join(",") + "\r\n"
  );
}
