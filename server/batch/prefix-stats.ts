import "server-only";
// "Compute size and count for this prefix" (issue 6): lists every object under a prefix (no delimiter) in the
// background and keeps the running totals in prefix_stats after every page, with the marker to resume from. A job
// whose process died (stale heartbeat) shows as interrupted and continues from its marker when started again.
import { randomUUID } from "node:crypto";
import type { QiniuClient } from "@/lib/qiniu/client";
import type { Queryable } from "@/server/db";
import { fromDbText, toDbText } from "./key-text";

export type PrefixStatsStatus = "running" | "done" | "failed" | "interrupted";

export interface ClassTotals {
  objects: number;
  bytes: number;
}

export interface PrefixStats {
  id: string;
  bucket: string;
  prefix: string;
  status: PrefixStatsStatus;
  objects: number;
  bytes: number;
  /** by storage class ("0"–"4") */
  byClass: Record<string, ClassTotals>;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface PrefixStatsDeps {
  db: Queryable;
  qiniu: Pick<QiniuClient, "list">;
  /** a running job whose heartbeat is older than this belongs to a dead process */
  staleMs: number;
}

interface Row {
  id: string;
  bucket: string;
  prefix: string;
  status: "running" | "done" | "failed";
  objects: number;
  bytes: number;
  by_class: Record<string, ClassTotals>;
  marker: string | null;
  started_by: string;
  started_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date;
  error: string | null;
}

const COLUMNS = "id, bucket, prefix, status, objects, bytes, by_class, marker, started_by, started_at, finished_at, heartbeat_at, error";

function toStats(r: Row, staleMs: number, now: number, local: boolean): PrefixStats {
  const stale = r.status === "running" && !local && now - new Date(r.heartbeat_at).getTime() > staleMs;
  return {
    id: r.id,
    bucket: r.bucket,
    prefix: fromDbText(r.prefix),
    status: stale ? "interrupted" : r.status,
    objects: Number(r.objects),
    bytes: Number(r.bytes),
    byClass: r.by_class ?? {},
    startedBy: r.started_by,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    error: r.error,
  };
}

export class PrefixStatsRunner {
  /** identifies this process in prefix_stats.runner_id */
  readonly id = randomUUID();
  private readonly tasks = new Map<string, Promise<void>>();

  constructor(private readonly deps: PrefixStatsDeps) {}

  private view(r: Row): PrefixStats {
    return toStats(r, this.deps.staleMs, Date.now(), this.tasks.has(r.id));
  }

  private async latestRow(bucket: string, prefix: string): Promise<Row | undefined> {
    const rows = await this.deps.db.query<Row>(`SELECT ${COLUMNS} FROM prefix_stats WHERE bucket = $1 AND prefix = $2 ORDER BY started_at DESC LIMIT 1`, [
      bucket,
      toDbText(prefix),
    ]);
    return rows[0];
  }

  async latest(bucket: string, prefix: string): Promise<PrefixStats | null> {
    const row = await this.latestRow(bucket, prefix);
    return row ? this.view(row) : null;
  }

  /** The latest whole-bucket result (prefix '') of each bucket. */
  async latestForBuckets(buckets: readonly string[]): Promise<Map<string, PrefixStats>> {
    if (buckets.length === 0) return new Map();
    const rows = await this.deps.db.query<Row>(
      `SELECT DISTINCT ON (bucket) ${COLUMNS} FROM prefix_stats WHERE prefix = '' AND bucket = ANY($1::text[])
       ORDER BY bucket, started_at DESC`,
      [buckets],
    );
    return new Map(rows.map((r) => [r.bucket, this.view(r)]));
  }

  /** Starts counting, or returns the job already counting, or resumes an interrupted one from its marker. */
  async start(bucket: string, prefix: string, startedBy: string): Promise<PrefixStats> {
    const current = await this.latestRow(bucket, prefix);
    if (current?.status === "running") {
      if (this.tasks.has(current.id)) return this.view(current);
      const claimed = await this.deps.db.query<Row>(
        `UPDATE prefix_stats SET runner_id = $2, heartbeat_at = now()
         WHERE id = $1 AND status = 'running' AND heartbeat_at < now() - ($3::int * interval '1 millisecond') RETURNING ${COLUMNS}`,
        [current.id, this.id, this.deps.staleMs],
      );
      // Not claimed: another live process is counting it.
      if (!claimed[0]) return this.view(current);
      this.spawn(claimed[0]);
      return this.view(claimed[0]);
    }
    const rows = await this.deps.db.query<Row>(
      `INSERT INTO prefix_stats (id, bucket, prefix, status, started_by, runner_id) VALUES ($1, $2, $3, 'running', $4, $5) RETURNING ${COLUMNS}`,
      [randomUUID(), bucket, toDbText(prefix), startedBy, this.id],
    );
    this.spawn(rows[0]);
    return this.view(rows[0]);
  }

  /** Resolves when the job's work in this process has ended (tests, shutdown). */
  async settled(id: string): Promise<void> {
    await this.tasks.get(id);
  }

  private spawn(row: Row): void {
    const task = this.count(row)
      .catch(async (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        await this.deps.db
          .query(`UPDATE prefix_stats SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND runner_id = $3`, [
            row.id,
            message.slice(0, 500),
            this.id,
          ])
          .catch((e: unknown) => console.error(`[prefix-stats] could not record the failure of ${row.id}:`, e));
      })
      .finally(() => this.tasks.delete(row.id));
    this.tasks.set(row.id, task);
  }

  private async count(row: Row): Promise<void> {
    let objects = Number(row.objects);
    let bytes = Number(row.bytes);
    const byClass: Record<string, ClassTotals> = { ...(row.by_class ?? {}) };
    let marker = row.marker ?? undefined;
    do {
      const page = await this.deps.qiniu.list({ bucket: row.bucket, prefix: fromDbText(row.prefix), marker, limit: 1000 });
      for (const item of page.items) {
        objects++;
        bytes += item.fsize;
        const c = (byClass[String(item.type ?? 0)] ??= { objects: 0, bytes: 0 });
        c.objects++;
        c.bytes += item.fsize;
      }
      marker = page.marker;
      const done = !marker;
      const updated = await this.deps.db.query<{ id: string }>(
        `UPDATE prefix_stats SET objects = $2, bytes = $3, by_class = $4::jsonb, marker = $5, heartbeat_at = now(),
           status = CASE WHEN $6::boolean THEN 'done' ELSE status END, finished_at = CASE WHEN $6::boolean THEN now() ELSE NULL END
         WHERE id = $1 AND runner_id = $7 AND status = 'running' RETURNING id`,
        [row.id, objects, bytes, JSON.stringify(byClass), marker ?? null, done, this.id],
      );
      // Another process took the job over (we looked dead to it): stop without touching its totals.
      if (!updated[0]) return;
    } while (marker);
  }
}

const KEY = Symbol.for("qiniu-console.prefix-stats");

/** The process-wide runner, built on first use from `makeDeps` (getDb and getQiniu in production). */
export function prefixStatsRunner(makeDeps: () => PrefixStatsDeps): PrefixStatsRunner {
  const holder = globalThis as { [KEY]?: PrefixStatsRunner };
  holder[KEY] ??= new PrefixStatsRunner(makeDeps());
  return holder[KEY];
}
