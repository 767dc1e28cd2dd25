import "server-only";
import { getDb } from "@/server/db";
import { getQiniu } from "@/server/qiniu";
import { prefixStatsRunner, type PrefixStatsRunner } from "@/server/batch/prefix-stats";

/** A job without a sign of life for a minute belongs to a process that died (one list page takes far less). */
const STALE_MS = 60_000;

export function getPrefixStatsRunner(): PrefixStatsRunner {
  return prefixStatsRunner(() => ({ db: getDb(), qiniu: getQiniu(), staleMs: STALE_MS }));
}
