// Queue-wide counts and byte totals from the item snapshots. Pure.
import { FINISHED, type ItemSnapshot, type QueueTotals } from "./types";

export function emptyTotals(): QueueTotals {
  return {
    files: 0,
    finished: 0,
    done: 0,
    failed: 0,
    canceled: 0,
    refused: 0,
    skipped: 0,
    active: 0,
    paused: 0,
    bytes: 0,
    loaded: 0,
    speed: 0,
    eta: null,
    mismatches: 0,
    elapsedMs: 0,
  };
}

/** Counts and bytes; speed, time left and elapsed time are the queue's to fill in. Refused, canceled and skipped files add no bytes. */
export function countItems(items: readonly ItemSnapshot[]): QueueTotals {
  const totals = emptyTotals();
  for (const s of items) {
    totals.files++;
    if (FINISHED.has(s.status)) totals.finished++;
    if (s.status === "done") totals.done++;
    if (s.status === "failed") totals.failed++;
    if (s.status === "canceled") totals.canceled++;
    if (s.status === "refused") totals.refused++;
    if (s.status === "skipped") totals.skipped++;
    if (s.status === "uploading" || s.status === "verifying") totals.active++;
    if (s.status === "paused") totals.paused++;
    if (s.hash?.state === "mismatch") totals.mismatches++;
    if (s.status !== "refused" && s.status !== "canceled" && s.status !== "skipped") {
      totals.bytes += s.size;
      totals.loaded += s.loaded;
    }
  }
  return totals;
}
