// Kills the job runner's process (SIGKILL) in the middle of a move job and shows that after a restart the job is
// marked interrupted with exactly the done items, that every change made before the kill is in the audit log (those
// recorded at once, those whose answers were lost once settled at the restart), and that resuming does no item twice
// and loses none.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "@/server/db/pglite";
import { migrate } from "@/server/db/migrate";
import type { Db } from "@/server/db";
import { BatchRunner } from "@/server/batch/runner";
import { getJob } from "@/server/batch/jobs-store";
import { countByStatus, listItems } from "@/server/batch/items-store";
import { createJob } from "@/server/batch/create";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { ADMIN, clientFor, fillBucket, listKeys, range } from "./fixture";

const BUCKET = "crash-bucket";
const CHILD_ACTOR = { id: null, email: "crash-child@example.test", role: "admin" as const, scopes: [] };
const N = 3000;
let emu: RunningEmulator;
let root: string;

beforeAll(async () => {
  emu = await startEmulator();
  root = mkdtempSync(path.join(os.tmpdir(), "batch-crash-"));
});
afterAll(async () => {
  await emu?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

function runChildUntilThirdChunkApplied(dbDir: string, jobId: string): Promise<{ appliedBeforeKill: number }> {
  const e = emu.endpoints;
  const hosts = JSON.stringify({ up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion });
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(__dirname, "crash-child.ts"), dbDir, jobId, hosts, emu.accessKey, emu.secretKey],
    {
      cwd: path.resolve(__dirname, "../../.."),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const watchdog = setTimeout(() => {
    console.error(`crash child still running after 60 s; stderr:\n${stderr}`);
    child.kill("SIGKILL");
  }, 60_000);
  child.once("exit", () => clearTimeout(watchdog));
  return new Promise((resolve, reject) => {
    let applied = 0;
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      if (process.env.BATCH_TEST_LOG) console.log(`[child] ${line}`);
      const m = /^applied (\d+) (\d+)$/.exec(line);
      if (!m) return;
      applied += Number(m[2]);
      if (m[1] === "3") {
        child.kill("SIGKILL");
        child.once("exit", () => resolve({ appliedBeforeKill: applied }));
      }
    });
    child.once("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`child ended on its own (${code}):\n${stderr}`));
    });
  });
}

/** Items the job's chunk audit records count as done, and who they name. */
async function auditedDone(db: Db, jobId: string): Promise<{ done: number; actors: string[] }> {
  const rows = await db.query<{ done: number; actor: string }>(
    `SELECT (params->'counts'->>'done')::int AS done, actor_email AS actor FROM audit_log WHERE action = 'batch.chunk' AND params->>'jobId' = $1`,
    [jobId],
  );
  return { done: rows.reduce((n, r) => n + r.done, 0), actors: [...new Set(rows.map((r) => r.actor))] };
}

describe("crash in the middle of a job", () => {
  it("resumes a SIGKILLed move job without doing any item twice or losing one", { timeout: 120_000 }, async () => {
    const qiniu = clientFor(emu);
    await qiniu.mkbucket(BUCKET, "z0");
    const keys = range(N, (i) => `crash/${String(i).padStart(4, "0")}`);
    await fillBucket(emu, qiniu, BUCKET, keys);

    // Plan in this process, then hand the database to the child (PGlite: one process at a time).
    const dbDir = path.join(root, "db");
    let db: Db = await openPglite(dbDir);
    await migrate(db);
    const job = await createJob(
      db,
      ADMIN,
      { kind: "prefix", bucket: BUCKET, prefix: "crash/" },
      { op: "rename", pattern: { kind: "prefix", from: "crash/", to: "moved/" }, overwrite: false },
    );
    const planner = new BatchRunner({ db, qiniu, chunkSize: 1000, concurrency: 2, staleMs: 2000 });
    await planner.startPlanning(job.id);
    await planner.settled(job.id);
    await db.close();

    const { appliedBeforeKill } = await runChildUntilThirdChunkApplied(dbDir, job.id);
    expect(appliedBeforeKill).toBeGreaterThanOrEqual(600);
    const movedAtCrash = new Set(await listKeys(qiniu, BUCKET, "moved/"));
    expect(movedAtCrash.size).toBeGreaterThanOrEqual(600);
    expect(movedAtCrash.size).toBeLessThan(N);

    // "Restart": open the same data directory in a new runner; the job was left running by a dead process.
    db = await openPglite(dbDir);
    const before = await countByStatus(db, job.id);
    expect(before.inflight).toBeGreaterThan(0); // the held-back chunk (and maybe the next) was marked, not recorded
    // Before anyone resumes: each change recorded before the kill is audited, under the user the run acted for.
    expect(before.done).toBeGreaterThanOrEqual(200);
    expect(await auditedDone(db, job.id)).toEqual({ done: before.done, actors: [CHILD_ACTOR.email] });
    const runner = new BatchRunner({ db, qiniu, chunkSize: 200, concurrency: 2, staleMs: 2000 });
    const recovered = await runner.recover(true);
    expect(recovered.map((j) => j.id)).toEqual([job.id]);
    await runner.settled(job.id); // in-flight items settled from the emulator's state
    expect((await getJob(db, job.id))?.status).toBe("interrupted");
    const settled = await countByStatus(db, job.id);
    expect(settled.inflight).toBe(0);
    // Exactly the objects the emulator shows as moved are recorded done, and audited: the held-back chunk's changes
    // were found by the restart's settling and recorded for the run's user.
    expect(settled.done).toBe(movedAtCrash.size);
    expect(await auditedDone(db, job.id)).toEqual({ done: movedAtCrash.size, actors: [CHILD_ACTOR.email] });
    // Attempts as the console reads them (chunks answered 200 throughout are kept as one mark: migration 009).
    const attemptsBefore = new Map((await listItems(db, job.id, { filter: "all", offset: 0, limit: N })).map((r) => [r.seq, r.attempts]));

    expect(await runner.startRun(job.id, ADMIN)).toBe(true);
    await runner.settled(job.id);
    expect((await getJob(db, job.id))?.status).toBe("done");
    expect(await countByStatus(db, job.id)).toMatchObject({ total: N, done: N, failed: 0, pending: 0, inflight: 0 });
    expect((await auditedDone(db, job.id)).done).toBe(N);
    // Items done before the crash were not sent again.
    const rows = await listItems(db, job.id, { filter: "all", offset: 0, limit: N });
    for (const row of rows) {
      if (movedAtCrash.has(row.key.replace("crash/", "moved/"))) expect(row.attempts).toBe(attemptsBefore.get(row.seq));
    }
    expect(await listKeys(qiniu, BUCKET, "crash/")).toEqual([]);
    expect((await listKeys(qiniu, BUCKET, "moved/")).sort()).toEqual(keys.map((k) => k.replace("crash/", "moved/")).sort());
    await db.close();
  });
});
