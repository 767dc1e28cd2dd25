import "server-only";
// The console's one batch runner (per process) on the configured database and Qiniu account, and its start-up hook.
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { getQiniu } from "@/server/qiniu";
import { currentUserRights } from "./access";
import { auditRunEnd } from "./audit";
import { defaultDepsOptions, type BatchDeps } from "./deps";
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
 * Start-up. The embedded database belongs to this one process: every job left active is an orphan, marked interrupted
 * with its in-flight items settled, and waits for a user to resume it. With PostgreSQL (several instances) a job whose
 * holder's lease lapsed is taken over and continued here (runner.ts, Leases), checked now and every staleMs / 3.
 */
export async function recoverBatchJobs(): Promise<void> {
  const runner = getBatchRunner();
  if (getConfig().database.kind === "embedded") {
    const jobs = await runner.recover(true);
    if (jobs.length) console.log(`[batch] marked ${jobs.length} interrupted job(s): ${jobs.map((j) => j.id).join(", ")}`);
    return;
  }
  const sweep = () => runner.takeOverExpired().catch((err) => console.error("[batch] lease sweep failed:", err));
  await sweep();
  const timer = setInterval(() => void sweep(), defaultDepsOptions().staleMs / 3);
  timer.unref();
}
