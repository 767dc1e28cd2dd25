import "server-only";
import type { Queryable } from "@/server/db";

// How long a restored archive object stays readable. Qiniu's stat says only restoring (1) or restored (2), not for how
// many days nor until when; the console knows because restores made here are audited (objects.restore, with `days`).
// Restores made elsewhere (another tool, a batch job) are not known: the details then show the state alone.

export interface RestoreRequest {
  days: number;
  /** ISO time the console asked Qiniu */
  at: string;
  by: string;
  /**
   * ISO time, the earliest moment the restored copy is frozen again: `days` after the request (Qiniu counts from when
   * the restore finishes, which takes minutes to hours, so the real moment is that much later).
   */
  frozenAgainFrom: string;
}

/** The latest successful restore of bucket:key made through the console, or null. */
export async function lastRestoreRequest(db: Queryable, bucket: string, key: string): Promise<RestoreRequest | null> {
  // audit_log_action (action, id DESC) serves this: restores are few beside the rest of the log.
  const rows = await db.query<{ at: Date; actor_email: string; params: Record<string, unknown> | null }>(
    "SELECT at, actor_email, params FROM audit_log WHERE action = 'objects.restore' AND outcome = 'ok' AND bucket = $1 AND target = $2 ORDER BY id DESC LIMIT 1",
    [bucket, key],
  );
  const row = rows[0];
  const days = Number(row?.params?.days);
  if (!row || !Number.isInteger(days) || days < 1) return null;
  const at = new Date(row.at);
  return { days, at: at.toISOString(), by: row.actor_email, frozenAgainFrom: new Date(at.getTime() + days * 86_400_000).toISOString() };
}
