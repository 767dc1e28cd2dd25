// Background maintenance: objects past their deleteAfterDays really disappear (reads also check lazily), and expired
// resumable-upload state is removed. Storage-class transitions and restore windows are applied on read (records.ts).
import type { Core } from "./core";

const BATCH = 500;

/** Deletes objects whose expiry has passed; returns how many. */
export function deleteExpiredObjects(core: Core): number {
  const due = core.db.prepare("SELECT bucket, key FROM objects WHERE expire_at IS NOT NULL AND expire_at <= ? LIMIT ?");
  let total = 0;
  for (;;) {
    const rows = due.all(core.now(), BATCH) as { bucket: string; key: string }[];
    if (rows.length === 0) return total;
    core.store.inTransaction(() => {
      for (const r of rows) core.store.deleteRow(r.bucket, r.key);
    });
    total += rows.length;
    if (rows.length < BATCH) return total;
  }
}

export function sweepOnce(core: Core): void {
  try {
    const objects = deleteExpiredObjects(core);
    const uploads = core.resumable.sweepExpired(core.now());
    if (objects + uploads > 0) core.log(`lifecycle sweep: ${objects} expired objects, ${uploads} expired uploads removed`);
  } catch (err) {
    core.log(`lifecycle sweep failed: ${(err as Error).message}`);
  }
}

export function startSweeper(core: Core): { stop(): void } {
  sweepOnce(core);
  const timer = setInterval(() => sweepOnce(core), core.options.sweepIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
