import "server-only";
import { getDb, type Queryable } from "@/server/db";

// The audit log: append-only (no update or delete path here; the database refuses them too, see 002_audit.sql).

export type AuditOutcome = "ok" | "error" | "denied";

export interface AuditActor {
  id?: string | null;
  email: string;
  role?: string | null;
}

export interface AuditEntry {
  actor: AuditActor;
  /** What was done, `area.verb`: `objects.delete`, `users.create`, `auth.login`. */
  action: string;
  bucket?: string | null;
  /** The key, prefix, user or URL acted on. */
  target?: string | null;
  params?: Record<string, unknown>;
  outcome: AuditOutcome;
  errorCode?: string | null;
  errorMessage?: string | null;
  reqId?: string | null;
  ip?: string | null;
}

export interface AuditRecord extends Required<Omit<AuditEntry, "actor" | "params">> {
  id: number;
  at: Date;
  actor: Required<AuditActor>;
  params: Record<string, unknown>;
}

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|credential/i;
const MAX_PARAMS_CHARS = 8_000;

/** Drops values that must never be stored (passwords, secrets, tokens), at any depth. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redact(v)]));
  }
  return value;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * PostgreSQL text and jsonb hold neither NUL nor unpaired surrogates, and object keys may carry both (a hostile input
 * does): the insert would fail and the record of a change would be lost. Both become U+FFFD.
 */
export function storableText(s: string): string {
  return s.replace(LONE_SURROGATE, "\ufffd").replace(/\u0000/g, "\ufffd");
}

function storable(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storable(v)]));
  }
  return value;
}

const text = (s: string | null | undefined) => (s === null || s === undefined ? null : storableText(s));

function paramsJson(params: Record<string, unknown> | undefined): string {
  const json = JSON.stringify(storable(redact(params ?? {})));
  // Huge inputs (a 1000-key batch) are cut rather than bloating the log; counts belong in the params anyway.
  return json.length <= MAX_PARAMS_CHARS ? json : JSON.stringify({ truncated: true, preview: storableText(json.slice(0, MAX_PARAMS_CHARS)) });
}

export async function recordAudit(entry: AuditEntry, q: Queryable = getDb()): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (actor_id, actor_email, actor_role, action, bucket, target, params, outcome, error_code, error_message, req_id, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12)`,
    [
      entry.actor.id ?? null,
      storableText(entry.actor.email),
      text(entry.actor.role),
      storableText(entry.action),
      text(entry.bucket),
      text(entry.target),
      paramsJson(entry.params),
      entry.outcome,
      text(entry.errorCode),
      text(entry.errorMessage?.slice(0, 500)),
      text(entry.reqId),
      text(entry.ip),
    ],
  );
}

export interface AuditFilter {
  /** Part of the actor's e-mail, any case. */
  actor?: string;
  action?: string;
  bucket?: string;
  from?: Date;
  to?: Date;
}

interface Row {
  id: number;
  at: Date;
  actor_id: string | null;
  actor_email: string;
  actor_role: string | null;
  action: string;
  bucket: string | null;
  target: string | null;
  params: Record<string, unknown>;
  outcome: AuditOutcome;
  error_code: string | null;
  error_message: string | null;
  req_id: string | null;
  ip: string | null;
}

function toRecord(r: Row): AuditRecord {
  return {
    id: r.id,
    at: r.at,
    actor: { id: r.actor_id, email: r.actor_email, role: r.actor_role },
    action: r.action,
    bucket: r.bucket,
    target: r.target,
    params: r.params ?? {},
    outcome: r.outcome,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    reqId: r.req_id,
    ip: r.ip,
  };
}

function where(filter: AuditFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (filter.actor) add((n) => `lower(actor_email) LIKE ${n} ESCAPE '\\'`, `%${filter.actor.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`);
  if (filter.action) add((n) => `action = ${n}`, filter.action);
  if (filter.bucket) add((n) => `bucket = ${n}`, filter.bucket);
  if (filter.from) add((n) => `at >= ${n}`, filter.from);
  if (filter.to) add((n) => `at <= ${n}`, filter.to);
  return clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
}

/** Newest first, one page; `hasMore` says whether another page follows. */
export async function queryAudit(
  filter: AuditFilter,
  page: { limit: number; offset: number },
  q: Queryable = getDb(),
): Promise<{ records: AuditRecord[]; hasMore: boolean }> {
  const params: unknown[] = [];
  // Insertion (id) order: timestamps tie within a transaction and lose microseconds in a JS Date.
  const sql = `SELECT * FROM audit_log ${where(filter, params)} ORDER BY id DESC LIMIT ${page.limit + 1} OFFSET ${page.offset}`;
  const rows = await q.query<Row>(sql, params);
  return { records: rows.slice(0, page.limit).map(toRecord), hasMore: rows.length > page.limit };
}

/** Every matching record, newest first, fetched in batches (for CSV export without holding the log in memory). */
export async function* iterateAudit(filter: AuditFilter, batchSize = 1000, q: Queryable = getDb()): AsyncGenerator<AuditRecord> {
  let beforeId: number | undefined;
  for (;;) {
    const params: unknown[] = [];
    let clause = where(filter, params);
    if (beforeId !== undefined) {
      params.push(beforeId);
      clause += `${clause ? " AND" : "WHERE"} id < $${params.length}`;
    }
    const rows = await q.query<Row>(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT ${batchSize}`, params);
    for (const row of rows) yield toRecord(row);
    if (rows.length < batchSize) return;
    beforeId = rows[rows.length - 1].id;
  }
}

/** The distinct action names on record, for the filter list. */
export async function auditActions(q: Queryable = getDb()): Promise<string[]> {
  const rows = await q.query<{ action: string }>("SELECT DISTINCT action FROM audit_log ORDER BY action");
  return rows.map((r) => r.action);
}
