import path from "node:path"; import os from "node:os"; import { mkdtempSync } from "node:fs";
import { startEmulator } from "@/test/support/emulator";
import { clientFor, fillBucket } from "@/test/integration/batch/fixture";
import { openPglite } from "@/server/db/pglite"; import { migrate } from "@/server/db/migrate";
import { createJob } from "@/server/jobs/batch-create"; import { BatchRunner } from "@/server/jobs/batch-runner";
async function main() {
  const emu = await startEmulator();
  const c = clientFor(emu);
  await c.mkbucket("prof-bucket", "z0");
  const keys = Array.from({ length: 20000 }, (_, i) => `src/${i}`);
  await fillBucket(emu, c, "prof-bucket", keys, "x");
  const db = await openPglite(path.join(mkdtempSync(path.join(os.tmpdir(), "prof-")), "db")); await migrate(db);
  const tally = new Map<string, [number, number]>();
  const add = (k: string, ms: number) => { const v = tally.get(k) ?? [0, 0]; v[0]++; v[1] += ms; tally.set(k, v); };
  const q0 = db.query.bind(db); (db as { query: unknown }).query = async (sql: string, p?: unknown[]) => { const t = performance.now(); try { return await q0(sql, p as never); } finally { add(sql.replace(/\s+/g, " ").slice(0, 60), performance.now() - t); } };
  const t0 = db.transaction.bind(db); (db as { transaction: unknown }).transaction = async (fn: never) => { const t = performance.now(); try { return await t0(fn); } finally { add("TRANSACTION", performance.now() - t); } };
  const qiniu = { list: c.list.bind(c), batch: async (ops: readonly string[]) => { const t = performance.now(); try { return await c.batch(ops); } finally { add("HTTP batch", performance.now() - t); } } } as never;
  for (const conc of [1, 2, 3]) {
    tally.clear();
    const runner = new BatchRunner({ db, qiniu, chunkSize: 1000, concurrency: conc, staleMs: 15000 });
    const job = await createJob(db, { id: null, email: "x@x", role: "admin", scopes: [] }, { kind: "prefix", bucket: "prof-bucket", prefix: "src/" }, { op: "copy", targetBucket: "prof-bucket", pattern: { kind: "prefix", from: "src/", to: `r${conc}/` }, overwrite: false });
    await runner.startPlanning(job.id); await runner.settled(job.id);
    tally.clear();
    const t = performance.now();
    await runner.startRun(job.id); await runner.settled(job.id);
    console.log(`conc ${conc}: run ${Math.round(performance.now() - t)} ms`);
    for (const [k, [n, ms]] of [...tally].sort((a, b) => b[1][1] - a[1][1])) console.log(`  ${Math.round(ms).toString().padStart(6)} ms ${String(n).padStart(4)}× ${k}`);
  }
  await emu.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
