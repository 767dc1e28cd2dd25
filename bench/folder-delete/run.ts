// Folder delete benchmark (issue 20; not part of the test suite):
//   node --conditions=react-server --import tsx bench/folder-delete/run.ts [--objects 100000]
// On one emulator, in one run: a folder of N objects (in nested sub-folders) deleted the way the bucket browser does it,
// as a prefix job of the batch engine (server/batch: the dry run lists the folder on the server, then the run deletes in
// chunks of 1000, 2 requests in flight, as the console runs on the emulator), beside bench/batch's reference: the same
// number of deletes sent by a plain loop over the official SDK's bucketManager.batch (keys already in memory).
// Prints objects/s for the run alone and for dry run + run (what a user waits for), and the ratio to the SDK loop.
// Target (issue 20): ≥ 5,000 objects/s.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import qiniu from "qiniu";
import { createJob } from "@/server/batch/create";
import { countByStatus } from "@/server/batch/items-store";
import { BatchRunner } from "@/server/batch/runner";
import { migrate } from "@/server/db/migrate";
import { openPglite } from "@/server/db/pglite";
import { clientFor, fillBucket, listKeys } from "@/test/integration/batch/fixture";
import { startEmulator } from "@/test/support/emulator";
import { sdkLoop, sdkManager } from "../batch/sdk-loop";

const i = process.argv.indexOf("--objects");
const N = i > 0 ? Number(process.argv[i + 1]) : 100_000;
const BUCKET = "bench-folder-delete";
// 100 sub-folders of N/100 objects: a folder as people have them, not one flat run of keys.
const keysUnder = (folder: string) => Array.from({ length: N }, (_, n) => `${folder}${String(n % 100).padStart(2, "0")}/IMG_${String(n).padStart(7, "0")}.jpg`);

async function main() {
  const emu = await startEmulator();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-folder-delete-"));
  try {
    const client = clientFor(emu);
    await client.mkbucket(BUCKET, "z0");
    console.log(`filling 2 × ${N.toLocaleString()} objects…`);
    // The fill copies with force, so a try cut short by a dropped keep-alive connection can simply be repeated.
    const fill = async (keys: string[]) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await fillBucket(emu, client, BUCKET, keys, "x");
        } catch (err) {
          if (attempt === 3) throw err;
        }
      }
    };
    await fill(keysUnder("photos/2024/"));
    await fill(keysUnder("plain/"));
    const db = await openPglite(path.join(tmp, "db"));
    await migrate(db);
    // The settings the console uses on the emulator (server/batch/service.ts).
    const runner = new BatchRunner({ db, qiniu: client, chunkSize: 1000, concurrency: 2, staleMs: 15_000 });
    const owner = { id: null, email: "bench@example.test", role: "admin" as const, scopes: [] };

    // (a) the folder delete, as the browser's folder menu starts it
    const t0 = performance.now();
    const job = await createJob(db, owner, { kind: "prefix", bucket: BUCKET, prefix: "photos/2024/" }, { op: "delete" });
    await runner.startPlanning(job.id);
    await runner.settled(job.id);
    const t1 = performance.now();
    if (!(await runner.startRun(job.id, owner))) throw new Error("the job did not start");
    await runner.settled(job.id);
    const t2 = performance.now();
    const counts = await countByStatus(db, job.id);
    if (counts.done !== N) throw new Error(`folder delete finished with ${JSON.stringify(counts)}`);
    if ((await listKeys(client, BUCKET, "photos/2024/")).length) throw new Error("objects left under the folder");

    // (b) bench/batch's reference, same run, same emulator
    const sdkOps = await sdkLoop(
      sdkManager(emu),
      keysUnder("plain/").map((k) => qiniu.rs.deleteOp(BUCKET, k)),
    );
    await db.close();

    const rate = (ms: number) => N / (ms / 1000);
    const fmt = (x: number) => Math.round(x).toLocaleString().padStart(7);
    console.log(`\n${N.toLocaleString()} objects in 100 sub-folders, emulator on loopback, ${os.cpus().length} cores`);
    console.log(
      `folder delete (prefix job): run ${fmt(rate(t2 - t1))} objects/s (${((t2 - t1) / 1000).toFixed(1)} s); dry run + run ${fmt(rate(t2 - t0))} objects/s (dry run ${((t1 - t0) / 1000).toFixed(1)} s)`,
    );
    console.log(`plain batch (SDK loop):           ${fmt(sdkOps)} objects/s`);
    console.log(`folder delete / plain batch: run ${(rate(t2 - t1) / sdkOps).toFixed(2)}×, dry run + run ${(rate(t2 - t0) / sdkOps).toFixed(2)}×`);
    console.log(rate(t2 - t1) >= 5000 ? "target met: ≥ 5,000 objects/s" : "target NOT met (≥ 5,000 objects/s)");
  } finally {
    await emu.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
