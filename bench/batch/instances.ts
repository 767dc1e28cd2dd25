// Batch throughput with two console instances against one, on one PostgreSQL and one emulator (not part of the suite):
//   node --conditions=react-server --import tsx bench/batch/instances.ts [--objects 20000] [--rounds 2]
// Two copy jobs of N items each. "one instance": one runner process runs both jobs; "two instances": two runner
// processes (bench/batch/instance.ts) run one job each, as when two users start jobs on different instances behind a
// load balancer (a job runs on one instance at a time: its lease, server/batch/runner.ts). Planning is done before
// the clock starts. Prints both side by side: items/s, failed items (a copy sent twice, overwrite off, fails with
// 614), items recorded more than once, takeovers, copies present in the emulator, and how busy the emulator was.
// The emulator (one thread) is the shared bottleneck: a second instance can add at most its idle share.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createJob } from "@/server/batch/create";
import { countByStatus } from "@/server/batch/items-store";
import { getJob } from "@/server/batch/jobs-store";
import { BatchRunner } from "@/server/batch/runner";
import { migrate } from "@/server/db/migrate";
import { openPostgres } from "@/server/db/postgres";
import { startEmulator, type RunningEmulator } from "@/test/support/emulator";
import { startPostgres } from "@/test/support/postgres";
import { clientFor, fillBucket, listKeys } from "@/test/integration/batch/fixture";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("objects", 20_000);
const ROUNDS = arg("rounds", 2);
const SRC = "bench-multi-src";
const DST = "bench-multi-dst";
const OWNER = { id: null, email: "bench@example.test", role: "admin" as const, scopes: [] };
const root = path.resolve(__dirname, "../..");

function emulatorCpuMs(emu: RunningEmulator): number {
  const fields = readFileSync(`/proc/${emu.process.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface Instance {
  go(): void;
  done: Promise<void>;
}

/** Starts a runner process for `jobs`; resolves once it is ready to go. */
function startInstance(dbUrl: string, emu: RunningEmulator, jobs: string[]): Promise<Instance> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/batch/instance.ts"], {
    cwd: root,
    env: {
      ...process.env,
      BENCH_DB_URL: dbUrl,
      BENCH_JOBS: jobs.join(","),
      BENCH_EMULATOR: JSON.stringify({ endpoints: emu.endpoints, accessKey: emu.accessKey, secretKey: emu.secretKey }),
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  let finish: () => void;
  let fail: (e: Error) => void;
  const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  child.once("exit", (code) => (code === 0 ? finish() : fail(new Error(`instance exited with ${code}`))));
  return new Promise((resolve, reject) => {
    lines.once("line", (line) => (JSON.parse(line).ready ? resolve({ go: () => child.stdin!.write("go\n"), done }) : reject(new Error(line))));
    child.once("exit", (code) => reject(new Error(`instance exited with ${code} before it was ready`)));
  });
}

async function main() {
  const [pg, emu] = await Promise.all([startPostgres(), startEmulator()]);
  const db = await openPostgres(pg.url);
  try {
    await migrate(db);
    const client = clientFor(emu);
    await client.mkbucket(SRC, "z0");
    await client.mkbucket(DST, "z0");
    console.log(`filling ${(2 * N).toLocaleString()} objects…`);
    await fillBucket(emu, client, SRC, [...Array.from({ length: N }, (_, i) => `a/${i}`), ...Array.from({ length: N }, (_, i) => `b/${i}`)], "x");
    const planner = new BatchRunner({ db, qiniu: client, chunkSize: 1000, concurrency: 2, staleMs: 15_000 });

    const plan = async (prefix: string, to: string) => {
      const job = await createJob(
        db,
        OWNER,
        { kind: "prefix", bucket: SRC, prefix },
        { op: "copy", targetBucket: DST, pattern: { kind: "prefix", from: prefix, to }, overwrite: false },
      );
      await planner.startPlanning(job.id);
      await planner.settled(job.id);
      return job.id;
    };
    const measure = async (label: string, instances: number, round: number) => {
      const tag = `r${round}-${instances}`;
      const jobs = [await plan("a/", `${tag}/a/`), await plan("b/", `${tag}/b/`)];
      const groups = instances === 1 ? [jobs] : jobs.map((j) => [j]);
      const running = await Promise.all(groups.map((g) => startInstance(pg.url, emu, g)));
      const cpu = emulatorCpuMs(emu);
      const started = performance.now();
      for (const r of running) r.go();
      await Promise.all(running.map((r) => r.done));
      const seconds = (performance.now() - started) / 1000;
      const busy = (emulatorCpuMs(emu) - cpu) / (seconds * 1000);
      let failed = 0;
      let done = 0;
      let takeovers = 0;
      for (const id of jobs) {
        const c = await countByStatus(db, id);
        failed += c.failed;
        done += c.done;
        takeovers += (await getJob(db, id))!.takeovers;
      }
      // An item recorded twice would show as more than one attempt (done chunks count one attempt per item).
      const twice = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM batch_items WHERE job_id = ANY($1::uuid[]) AND attempts > 1", [jobs]))[0].n;
      const copies = (await listKeys(client, DST, `${tag}/`)).length;
      return { label, seconds, rate: (2 * N) / seconds, done, failed, twice, takeovers, copies, busy };
    };

    type Result = Awaited<ReturnType<typeof measure>>;
    const results: [Result, Result][] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Which goes first alternates: the emulator's table grows with every round.
      const one = r % 2 === 0 ? await measure("one instance", 1, r) : undefined;
      const two = await measure("two instances", 2, r);
      results.push([one ?? (await measure("one instance", 1, r)), two]);
    }
    const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
    const pad = (s: string, w = 16) => s.padStart(w);
    console.log(`\nbatch throughput, 2 copy jobs × ${fmt(N)} items, one emulator, one PostgreSQL (${ROUNDS} rounds)`);
    console.log(`${"".padEnd(30)}${pad("one instance")}${pad("two instances")}`);
    for (const [i, [one, two]] of results.entries()) {
      const row = (name: string, f: (r: Result) => string) => console.log(`${`${name} (round ${i + 1})`.padEnd(30)}${pad(f(one))}${pad(f(two))}`);
      row("items/s", (r) => fmt(r.rate));
      row("seconds", (r) => r.seconds.toFixed(2));
      row("done", (r) => fmt(r.done));
      row("failed", (r) => fmt(r.failed));
      row("recorded twice", (r) => fmt(r.twice));
      row("takeovers", (r) => fmt(r.takeovers));
      row("copies in emulator", (r) => fmt(r.copies));
      row("emulator busy", (r) => `${Math.round(r.busy * 100)}%`);
      console.log(`${"ratio two / one".padEnd(30)}${pad("")}${pad(`${(two.rate / one.rate).toFixed(2)}×`)}`);
    }
    const bad = results.flat().filter((r) => r.failed || r.twice || r.takeovers || r.done !== 2 * N || r.copies !== 2 * N);
    if (bad.length) throw new Error(`errors or duplicate work: ${JSON.stringify(bad)}`);
  } finally {
    await db.close();
    await Promise.all([emu.stop(), pg.stop()]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
