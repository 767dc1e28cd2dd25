// Batch job runner benchmark (not part of the test suite):
//   node --conditions=react-server --import tsx bench/batch/run.ts [--objects 100000] [--rounds 2]
// On one emulator, in one run: copy N objects, then delete N objects, (a) through the console's batch job runner
// (server/jobs/batch-runner.ts: items in a PGlite database, chunks of 1000 marked in-flight before sending,
// 2 requests in flight, as the console runs on the emulator) and (b) with a plain loop over the official Node SDK's bucketManager.batch (1000 ops per call,
// one call at a time, keys already in memory). Prints ops/s for each and the ratio runner / SDK.
// Target (issue 8): the runner at least as fast as the SDK loop, and ≥ 5,000 ops/s.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import qiniu from "qiniu";
import type { BatchOperation, BatchSource } from "@/lib/batch/spec";
import { openPglite } from "@/server/db/pglite";
import { migrate } from "@/server/db/migrate";
import { createJob } from "@/server/jobs/batch-create";
import { countByStatus } from "@/server/jobs/batch-items-store";
import { BatchRunner } from "@/server/jobs/batch-runner";
import { startEmulator, type RunningEmulator } from "@/test/support/emulator";
import { clientFor, fillBucket } from "@/test/integration/batch/fixture";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("objects", 100_000);
const ROUNDS = arg("rounds", 2);
const BUCKET = "bench-batch";
const keyOf = (prefix: string, i: number) => `${prefix}${String(i).padStart(7, "0")}.bin`;
const keys = (prefix: string) => Array.from({ length: N }, (_, i) => keyOf(prefix, i));

function sdkManager(emu: RunningEmulator) {
  const host = (url: string) => new URL(url).host;
  const e = emu.endpoints;
  // Typed as read-only in the SDK's declarations; the setter is the documented way to point it elsewhere (qiniu-protocol.md §11.2).
  (qiniu.conf as unknown as { UC_HOST: string }).UC_HOST = host(e.uc);
  const mac = new qiniu.auth.digest.Mac(emu.accessKey, emu.secretKey);
  const zone = new qiniu.conf.Zone([host(e.up)], [], host(e.io), host(e.rs), host(e.rsf), host(e.api));
  return new qiniu.rs.BucketManager(mac, new qiniu.conf.Config({ zone, useHttpsDomain: false }));
}

/** The plain SDK loop: 1000 ops per call, one call after another. Returns ops/s. */
async function sdkLoop(manager: qiniu.rs.BucketManager, ops: string[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < ops.length; i += 1000) {
    const chunk = ops.slice(i, i + 1000);
    await new Promise<void>((resolve, reject) =>
      manager.batch(chunk, (err, body: { code: number }[] | null, info) => {
        if (err) return reject(err);
        if (info.statusCode !== 200 || !body || body.some((r) => r.code !== 200)) return reject(new Error(`SDK batch answered ${info.statusCode}`));
        resolve();
      }),
    );
  }
  return ops.length / ((performance.now() - started) / 1000);
}

async function runnerJob(runner: BatchRunner, db: Awaited<ReturnType<typeof openPglite>>, source: BatchSource, op: BatchOperation) {
  const owner = { id: null, email: "bench@example.test", role: "admin" as const, scopes: [] };
  const planStart = performance.now();
  const job = await createJob(db, owner, source, op);
  await runner.startPlanning(job.id);
  await runner.settled(job.id);
  const planSeconds = (performance.now() - planStart) / 1000;
  const runStart = performance.now();
  if (!(await runner.startRun(job.id))) throw new Error("the job did not start");
  await runner.settled(job.id);
  const runSeconds = (performance.now() - runStart) / 1000;
  const counts = await countByStatus(db, job.id);
  if (counts.done !== N) throw new Error(`runner finished with ${JSON.stringify(counts)}`);
  return { runOps: N / runSeconds, endToEndOps: N / (planSeconds + runSeconds), planSeconds, runSeconds };
}

async function main() {
  const emu = await startEmulator();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-batch-"));
  try {
    const client = clientFor(emu);
    await client.mkbucket(BUCKET, "z0");
    console.log(`filling ${N.toLocaleString()} objects…`);
    await fillBucket(emu, client, BUCKET, keys("src/"), "x");
    const db = await openPglite(path.join(tmp, "db"));
    await migrate(db);
    // The settings the console uses on the emulator (server/jobs/batch-service.ts).
    const runner = new BatchRunner({ db, qiniu: client, chunkSize: 1000, concurrency: 2, staleMs: 15_000 });
    const manager = sdkManager(emu);

    // Rounds alternate the contenders (copy then delete, runner then SDK), so both see the same machine; best of each.
    type Run = Awaited<ReturnType<typeof runnerJob>>;
    const best = { copyRunner: undefined as Run | undefined, deleteRunner: undefined as Run | undefined, copySdk: 0, deleteSdk: 0 };
    const better = (a: Run | undefined, b: Run) => (a && a.runOps >= b.runOps ? a : b);
    for (let round = 0; round < ROUNDS; round++) {
      best.copyRunner = better(best.copyRunner, await runnerJob(runner, db, { kind: "prefix", bucket: BUCKET, prefix: "src/" }, { op: "copy", targetBucket: BUCKET, pattern: { kind: "prefix", from: "src/", to: "runner/" }, overwrite: false }));
      best.copySdk = Math.max(best.copySdk, await sdkLoop(manager, keys("src/").map((k) => qiniu.rs.copyOp(BUCKET, k, BUCKET, k.replace("src/", "sdk/"), { force: false }))));
      best.deleteRunner = better(best.deleteRunner, await runnerJob(runner, db, { kind: "prefix", bucket: BUCKET, prefix: "runner/" }, { op: "delete" }));
      best.deleteSdk = Math.max(best.deleteSdk, await sdkLoop(manager, keys("sdk/").map((k) => qiniu.rs.deleteOp(BUCKET, k))));
    }
    const copyRunner = best.copyRunner!;
    const deleteRunner = best.deleteRunner!;
    const { copySdk, deleteSdk } = best;
    await db.close();

    const row = (name: string, r: typeof copyRunner, sdk: number) =>
      console.log(
        `${name.padEnd(7)} runner ${Math.round(r.runOps).toLocaleString().padStart(7)} ops/s (run ${r.runSeconds.toFixed(1)} s; with dry run ${Math.round(r.endToEndOps).toLocaleString()} ops/s, dry run ${r.planSeconds.toFixed(1)} s)` +
          ` | SDK loop ${Math.round(sdk).toLocaleString().padStart(7)} ops/s | runner/SDK ${(r.runOps / sdk).toFixed(2)}× (with dry run ${(r.endToEndOps / sdk).toFixed(2)}×)`,
      );
    console.log(`\n${N.toLocaleString()} objects, emulator on loopback, ${os.cpus().length} cores, best of ${ROUNDS} alternating rounds`);
    row("copy", copyRunner, copySdk);
    row("delete", deleteRunner, deleteSdk);
    const ok = [copyRunner.runOps / copySdk, deleteRunner.runOps / deleteSdk].every((r) => r >= 1) && Math.min(copyRunner.runOps, deleteRunner.runOps) >= 5000;
    console.log(ok ? "target met: runner ≥ SDK loop and ≥ 5,000 ops/s" : "target NOT met (runner ≥ SDK loop and ≥ 5,000 ops/s)");
  } finally {
    await emu.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
