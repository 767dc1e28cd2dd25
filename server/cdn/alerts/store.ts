import "server-only";
// CDN alert rules and their history (migration 016).
import type { Queryable } from "@/server/db";
import type { AlertMetric, AlertState } from "./evaluate";

export interface AlertRule {
  id: string;
  domain: string;
  metric: AlertMetric;
  threshold: number;
  webhookUrl: string;
  state: AlertState;
  lastValue: number | null;
  lastCheckedAt: string | null;
}

export interface AlertEvent {
  id: number;
  ruleId: string;
  domain: string;
  kind: "fired" | "resolved";
  value: number;
  threshold: number;
  delivery: string;
  at: string;
}

const RULE_COLUMNS = `id, domain, metric, threshold, webhook_url AS "webhookUrl", state, last_value AS "lastValue", last_checked_at AS "lastCheckedAt"`;

function iso(v: unknown): string | null {
  return v instanceof Date ? v.toISOString() : v == null ? null : String(v);
}

function rule(r: Record<string, unknown>): AlertRule {
  return { ...(r as unknown as AlertRule), lastCheckedAt: iso(r.lastCheckedAt) };
}

export async function insertRule(db: Queryable, r: Pick<AlertRule, "id" | "domain" | "metric" | "threshold" | "webhookUrl">, by: string | null): Promise<void> {
  await db.query("INSERT INTO cdn_alert_rules (id, domain, metric, threshold, webhook_url, created_by) VALUES ($1, $2, $3, $4, $5, $6)", [
    r.id,
    r.domain,
    r.metric,
    r.threshold,
    r.webhookUrl,
    by,
  ]);
}

export async function ruleDomain(db: Queryable, id: string): Promise<string | null> {
  const rows = await db.query<{ domain: string }>("SELECT domain FROM cdn_alert_rules WHERE id = $1", [id]);
  return rows[0]?.domain ?? null;
}

export async function deleteRule(db: Queryable, id: string): Promise<void> {
  await db.query("DELETE FROM cdn_alert_rules WHERE id = $1", [id]);
}

export async function rulesOf(db: Queryable, domains: string[]): Promise<AlertRule[]> {
  const rows = await db.query(`SELECT ${RULE_COLUMNS} FROM cdn_alert_rules WHERE lower(domain) = ANY($1::text[]) ORDER BY created_at, id`, [
    domains.map((d) => d.toLowerCase()),
  ]);
  return rows.map(rule);
}

export async function eventsOf(db: Queryable, ruleIds: string[], limit = 50): Promise<AlertEvent[]> {
  if (ruleIds.length === 0) return [];
  const rows = await db.query(
    `SELECT id, rule_id AS "ruleId", domain, kind, value, threshold, delivery, at FROM cdn_alert_events WHERE rule_id = ANY($1::uuid[]) ORDER BY at DESC, id DESC LIMIT $2`,
    [ruleIds, limit],
  );
  return rows.map((r) => ({ ...(r as unknown as AlertEvent), id: Number(r.id), at: iso(r.at) ?? "" }));
}

/**
 * Claims the rules due for evaluation: each row is taken by one instance only (the UPDATE re-checks the condition on
 * a row another instance just claimed), so two instances never evaluate, and notify, the same rule in one interval.
 */
export async function claimDueRules(db: Queryable, intervalSeconds: number): Promise<AlertRule[]> {
  const rows = await db.query(
    `UPDATE cdn_alert_rules SET last_checked_at = now()
      WHERE last_checked_at IS NULL OR last_checked_at < now() - make_interval(secs => $1::double precision)
      RETURNING ${RULE_COLUMNS}`,
    [intervalSeconds * 0.8],
  );
  return rows.map(rule);
}

/** Moves a rule from `from` to `to`; false when another evaluation changed it first. */
export async function transition(db: Queryable, id: string, from: AlertState, to: AlertState, value: number): Promise<boolean> {
  const rows = await db.query("UPDATE cdn_alert_rules SET state = $3, last_value = $4 WHERE id = $1 AND state = $2 RETURNING id", [id, from, to, value]);
  return rows.length > 0;
}

export async function insertEvent(db: Queryable, r: AlertRule, kind: "fired" | "resolved", value: number): Promise<{ id: number; at: Date }> {
  const rows = await db.query<{ id: number; at: Date }>(
    "INSERT INTO cdn_alert_events (rule_id, domain, kind, value, threshold) VALUES ($1, $2, $3, $4, $5) RETURNING id, at",
    [r.id, r.domain, kind, value, r.threshold],
  );
  return { id: Number(rows[0].id), at: rows[0].at };
}

export async function setDelivery(db: Queryable, eventId: number, delivery: string): Promise<void> {
  await db.query("UPDATE cdn_alert_events SET delivery = $2 WHERE id = $1", [eventId, delivery]);
}
