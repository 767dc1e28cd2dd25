import "server-only";
// What the batch job runner needs from the outside world, passed in so tests run it on a temp database and a real
// emulator process, and production on getDb() and getQiniu().
import { MAX_BATCH_OPS, type QiniuClient } from "@/lib/qiniu/client";
import type { Db } from "@/server/db";
import type { Principal } from "@/lib/permissions";
import type { BatchJobRecord, JobActor } from "./jobs-store";
import type { StatusCounts } from "./items-store";

export type { BatchItemResult } from "@/lib/qiniu/client-types";

/** The two calls of the Qiniu client the runner uses (rs batch, rsf list). */
export type BatchQiniu = Pick<QiniuClient, "batch" | "list">;

export interface BatchDeps {
  db: Db;
  qiniu: BatchQiniu;
  /** Ops per rs batch request: Qiniu takes at most 1000. */
  chunkSize: number;
  /** Batch requests in flight at once for one job. */
  concurrency: number;
  /** A process whose heartbeat is older than this is taken for dead. */
  staleMs: number;
  /** Called once when a run ends (done or cancelled), with the final counts. */
  onRunEnd?: (job: BatchJobRecord, counts: StatusCounts) => Promise<void>;
  /**
   * The run's user's rights as they are now (null: removed or disabled), read before each run or resume. Without it
   * (tests of the runner alone) the rights recorded when the run was started are used.
   */
  currentRights?: (actor: JobActor) => Promise<Principal | null>;
}

export function defaultDepsOptions() {
  return { chunkSize: MAX_BATCH_OPS, concurrency: 4, staleMs: 15_000 };
}
