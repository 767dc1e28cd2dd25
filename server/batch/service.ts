import "server-only";
// The console's one batch runner (per process) on the configured database and Qiniu account, and its start-up hook.
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { getQiniu } from "@/server/qiniu";
import { currentUserRights } from "./access";
import { auditRunEnd } from "./audit";
import { defaultDepsOptions, type BatchDeps } from "./deps";
import type { BatchJobRecord } from "./jobs-store";
import { BatchRunner } from "./runner";

function productionDeps(): BatchDeps {
  return {
    db: getDb(),
    // Looked up per call: the client follows the configuration.
    qiniu: { batch: (ops, opts) => getQiniu().batch(ops, opts), list: (o, opts) => getQiniu().list(o, opts) },
    ...defaultDepsOptions(),
    // The local emulator is CPU-bound on the same machine: more parallel requests only slow it down. Real Qiniu is
    // latency-bound, and more requests in flight hide the latency.
    concurrency: getConfig().mode === "emulator" ? 2 : 4,
    onRunEnd: auditRunEnd(getDb()),
    currentRights: currentUserRights(getDb()),
  };
}

// Next loads server modules in several bundles within one process: keep one runner per process on globalThis.
const KEY = Symbol.for("qiniu-console.batch-runner");
type Holder = { [KEY]?: BatchRunner };

export function getBatchRunner(): BatchRunner {
  const holder = globalThis as Holder;
  holder[KEY] ??= new BatchRunner(productionDeps());
  return holder[KEY];
}

/**
 * Start-up: jobs that were running when the server stopped are marked interrupted, with their in-flight items settled.
 * The embedded database belongs to this one process, so every active job is an orphan; with PostgreSQL (several
 * instances) only jobs whose runner stopped beating are, checked again periodically.
 */
export async function recoverBatchJobs(): Promise<void> {
  const runner = getBatchRunner();
  const single = getConfig().database.kind === "embedded";
  const report = (jobs: BatchJobRecord[]) => {
    if (jobs.length) console.log(`[batch] marked ${jobs.length} interrupted job(s): ${jobs.map((j) => j.id).join(", ")}`);
  };
  report(await runner.recover(single));
  if (!single) {
    const sweep = setInterval(() => void runner.recover(false).then(report, (err) => console.error("[batch] recovery sweep failed:", err)), defaultDepsOptions().staleMs);
    sweep.unref();
  }
}
