import path from "node:path"; import os from "node:os"; import { mkdtempSync } from "node:fs";
import { startEmulator } from "@/test/support/emulator";
import { clientFor, fillBucket } from "@/test/integration/batch/fixture";
import { openPglite } from "@/server/db/pglite"; import { migrate } from "@/server/db/migrate";
import { createJob } from "@/server/jobs/batch-create"; import { BatchRunner } from "@/server/jobs/batch-runner";
import { countByStatus } from "@/server/jobs/batch-items-store";
async function main() {
  const emu = await startEmulator();
  const c = clientFor(emu);
  await c.mkbucket("dbg-bucket", "z0");
  const keys = Array.from({ length: 20000 }, (_, i) => `src/${i}`);
  await fillBucket(emu, c, "dbg-bucket", keys, "x");
  const db = await openPglite(path.join(mkdtempSync(path.join(os.tmpdir(), "dbg-")), "db")); await migrate(db);
  const q0 = db.query.bind(db); (db as { query: unknown }).query = async (sql: string, p?: unknown[]) => { const t = performance.now(); try { return await q0(sql, p as never); } finally { const ms = performance.now() - t; if (ms > 300) console.log("slow query", Math.round(ms), sql.replace(/\s+/g, " ").slice(0, 120)); } };
  const real = c;
  const qiniu = { list: real.list.bind(real), batch: async (ops: readonly string[]) => { const t = performance.now(); try { return await real.batch(ops); } finally { console.log("batch", ops.length, Math.round(performance.now() - t)); } } } as never;
  const runner = new BatchRunner({ db, qiniu, chunkSize: 1000, concurrency: 4, staleMs: 15000 });
  const job = await createJob(db, { id: null, email: "x@x", role: "admin", scopes: [] }, { kind: "prefix", bucket: "dbg-bucket", prefix: "src/" }, { op: "copy", targetBucket: "dbg-bucket", pattern: { kind: "prefix", from: "src/", to: "r/" }, overwrite: false });
  let t = performance.now();
  await runner.startPlanning(job.id); await runner.settled(job.id);
  console.log("plan", performance.now() - t); t = performance.now();
  await runner.startRun(job.id); await runner.settled(job.id);
  console.log("run", performance.now() - t, await countByStatus(db, job.id));
  await emu.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
