// The pfop engine's own tables in the emulator database (jobs survive restarts; docs/qiniu-protocol.md §9).
import type BetterSqlite3 from "better-sqlite3";

/** Job and item status codes of prefop (§9). */
export const PfopCode = { success: 0, waiting: 1, processing: 2, failed: 3, notifyFailed: 4 } as const;
export type PfopCodeValue = (typeof PfopCode)[keyof typeof PfopCode];

export interface JobRow {
  id: string;
  bucket: string;
  key: string;
  fops: string;
  pipeline: string;
  notify_url: string | null;
  force: number;
  type: number;
  task_from: "pfop" | "upload";
  code: PfopCodeValue;
  reqid: string;
  created_at: number;
  updated_at: number;
}

export interface ItemRow {
  job_id: string;
  idx: number;
  cmd: string;
  code: PfopCodeValue;
  error: string | null;
  hash: string | null;
  key: string | null;
  return_old: number;
  /** JSON text of an info fop's result (imageInfo, avinfo) */
  result: string | null;
}

export type ItemOutcome = Pick<ItemRow, "code"> & Partial<Pick<ItemRow, "error" | "hash" | "key" | "return_old" | "result">>;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pfop_jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  fops TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  notify_url TEXT,
  force INTEGER NOT NULL DEFAULT 0,
  type INTEGER NOT NULL DEFAULT 0,
  task_from TEXT NOT NULL,
  code INTEGER NOT NULL,
  reqid TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pfop_jobs_unfinished ON pfop_jobs (seq) WHERE code IN (1, 2);
CREATE TABLE IF NOT EXISTS pfop_job_items (
  job_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  cmd TEXT NOT NULL,
  code INTEGER NOT NULL,
  error TEXT,
  hash TEXT,
  key TEXT,
  return_old INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  PRIMARY KEY (job_id, idx)
) WITHOUT ROWID;
`;

export type NewJob = Omit<JobRow, "code" | "updated_at">;

export class JobStore {
  private readonly q;

  constructor(private readonly db: BetterSqlite3.Database) {
    db.exec(SCHEMA);
    this.q = {
      insertJob: db.prepare(
        `INSERT INTO pfop_jobs (id, bucket, key, fops, pipeline, notify_url, force, type, task_from, code, reqid, created_at, updated_at)
         VALUES (@id, @bucket, @key, @fops, @pipeline, @notify_url, @force, @type, @task_from, 1, @reqid, @created_at, @created_at)`,
      ),
      insertItem: db.prepare("INSERT INTO pfop_job_items (job_id, idx, cmd, code) VALUES (?, ?, ?, 1)"),
      job: db.prepare("SELECT * FROM pfop_jobs WHERE id = ?"),
      items: db.prepare("SELECT * FROM pfop_job_items WHERE job_id = ? ORDER BY idx"),
      setCode: db.prepare("UPDATE pfop_jobs SET code = ?, updated_at = ? WHERE id = ?"),
      setItem: db.prepare(
        `UPDATE pfop_job_items SET code = @code, error = @error, hash = @hash, key = @key, return_old = @return_old, result = @result
         WHERE job_id = @job_id AND idx = @idx`,
      ),
      unfinished: db.prepare("SELECT id, pipeline FROM pfop_jobs WHERE code IN (1, 2) ORDER BY seq"),
    };
  }

  insert(job: NewJob, cmds: string[]): void {
    this.db.transaction(() => {
      this.q.insertJob.run(job);
      cmds.forEach((cmd, i) => this.q.insertItem.run(job.id, i, cmd));
    })();
  }

  job(id: string): JobRow | undefined {
    return this.q.job.get(id) as JobRow | undefined;
  }

  items(id: string): ItemRow[] {
    return this.q.items.all(id) as ItemRow[];
  }

  setJobCode(id: string, code: PfopCodeValue, now = Date.now()): void {
    this.q.setCode.run(code, now, id);
  }

  setItem(jobId: string, idx: number, outcome: ItemOutcome): void {
    this.q.setItem.run({
      job_id: jobId,
      idx,
      code: outcome.code,
      error: outcome.error ?? null,
      hash: outcome.hash ?? null,
      key: outcome.key ?? null,
      return_old: outcome.return_old ?? 0,
      result: outcome.result ?? null,
    });
  }

  /**
   * Jobs to run after a restart, oldest first. A job that was processing when the emulator stopped starts over from
   * its unfinished items (finished ones keep their outcome), so it goes back to waiting.
   */
  resumable(): { id: string; pipeline: string }[] {
    return this.db.transaction(() => {
      this.db.prepare("UPDATE pfop_job_items SET code = 1 WHERE code = 2").run();
      this.db.prepare("UPDATE pfop_jobs SET code = 1 WHERE code = 2").run();
      return this.q.unfinished.all() as { id: string; pipeline: string }[];
    })();
  }
}
