// One console instance's batch runner for bench/batch/instances.ts: opens the PostgreSQL database, prints a ready line,
// waits for "go" on stdin, runs the given jobs (for the benchmark's user) and prints how long it took.
// Environment: BENCH_DB_URL, BENCH_EMULATOR (JSON: endpoints, accessKey, secretKey), BENCH_JOBS (comma-separated ids).
import readline from "node:readline";
import { QiniuClient } from "@/lib/qiniu/client";
import { openPostgres } from "@/server/db/postgres";
import { BatchRunner } from "@/server/batch/runner";

const OWNER = { id: null, email: "bench@example.test", role: "admin" as const, scopes: [] };

async function main() {
  const emu = JSON.parse(process.env.BENCH_EMULATOR!) as { endpoints: Record<string, string>; accessKey: string; secretKey: string };
  const e = emu.endpoints;
  const qiniu = new QiniuClient({
    accessKey: emu.accessKey,
    secretKey: emu.secretKey,
    hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion },
  });
  const db = await openPostgres(process.env.BENCH_DB_URL!);
  // The settings the console uses on the emulator (server/batch/service.ts).
  const runner = new BatchRunner({ db, qiniu, chunkSize: 1000, concurrency: 2, staleMs: 15_000 });
  const jobs = process.env.BENCH_JOBS!.split(",");
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await new Promise<void>((resolve) => readline.createInterface({ input: process.stdin }).once("line", () => resolve()));
  const started = performance.now();
  for (const id of jobs) if (!(await runner.startRun(id, OWNER))) throw new Error(`job ${id} did not start`);
  await Promise.all(jobs.map((id) => runner.settled(id)));
  process.stdout.write(`${JSON.stringify({ done: true, ms: performance.now() - started })}\n`);
  await db.close();
  process.exit(0); // stdin (the "go" line) would keep the process alive
}

main().catch((err: Error) => {
  process.stderr.write(`instance: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
