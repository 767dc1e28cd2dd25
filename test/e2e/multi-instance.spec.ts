// Two console instances over one PostgreSQL (README, Deployment), proven: PostgreSQL started by this test (Debian's
// server), one emulator, two `next start` instances (scripts/start.mjs) with the same DATABASE_URL and NEXTAUTH_SECRET.
// A session made on A works on B; audit records A writes are read on B; a 20,000-item copy job started on A goes on
// when A is killed (SIGKILL) mid-run: B takes it over by itself once A's lease lapses (server/batch/runner.ts, Leases:
// 15 s lease, B looks every 5 s), every item done exactly once and none failed — checked in the emulator, where a copy
// sent twice (overwrite off) would fail with 614 — and the job is never held by two instances at once. Login limits
// are shared: failures on A and on B add up.
import { rmSync } from "node:fs";
import Papa from "papaparse";
import pg from "pg";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import type { BatchJobView } from "@/lib/batch/view";
import { batchSdk } from "../support/batch-e2e";
import { emulatorSdk } from "../support/buckets-e2e";
import { signInOverHttp } from "../support/e2e-login";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { startOwnConsole, type OwnConsole } from "../support/own-console";
import { startPostgres, type RunningPostgres } from "../support/postgres";

const ADMIN = { email: "admin@multi.test", password: "multi-admin-password-7c2" };
const SRC = "multi-src";
const DST = "multi-dst";
const N = 20_000;
const LEASE_MS = 15_000; // defaultDepsOptions().staleMs
const SWEEP_MS = LEASE_MS / 3;
const keys = Array.from({ length: N }, (_, i) => `m/obj-${String(i).padStart(5, "0")}`);
const fmt = (n: number) => n.toLocaleString("en-US");

let db: RunningPostgres | undefined;
let emu: RunningEmulator | undefined;
let consoles: OwnConsole[] = [];
let api: APIRequestContext | undefined;
let watcher: pg.Client | undefined;

test.afterEach(async () => {
  await api?.dispose();
  await watcher?.end().catch(() => {});
  await Promise.all(consoles.map((c) => c.stop()));
  for (const c of consoles) rmSync(c.home, { recursive: true, force: true });
  await emu?.stop();
  await db?.stop();
  api = watcher = emu = db = undefined;
  consoles = [];
});

interface Holder {
  status: string;
  runner_id: string | null;
  lease_until: Date | null;
  takeovers: number;
}

test("two instances over one PostgreSQL: shared sessions, audit and login limits; a job whose instance is killed is finished by the other, every item once", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  [db, emu] = await Promise.all([startPostgres(), startEmulator()]);
  const e = emu.endpoints;
  const env = {
    DATABASE_URL: db.url,
    NEXTAUTH_SECRET: "multi-nextauth-secret-0123456789abcdef-0123",
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
    CONSOLE_LOGIN_MAX_FAILURES: "3",
    CONSOLE_EMULATOR: "1",
    QINIU_ACCESS_KEY: emu.accessKey,
    QINIU_SECRET_KEY: emu.secretKey,
    QINIU_UP_HOST: e.up,
    QINIU_IO_HOST: e.io,
    QINIU_RS_HOST: e.rs,
    QINIU_RSF_HOST: e.rsf,
    QINIU_API_HOST: e.api,
    QINIU_UC_HOST: e.uc,
    QINIU_FUSION_HOST: e.fusion,
    OIDC_ISSUER: "",
    OIDC_CLIENT_ID: "",
    OIDC_CLIENT_SECRET: "",
  };
  // Started together: migrations and the first administrator are taken under advisory locks.
  consoles = await Promise.all([startOwnConsole(env), startOwnConsole(env)]);
  const [a, b] = consoles;
  watcher = new pg.Client({ connectionString: db.url });
  await watcher.connect();

  // A session made on A works on B (the cookie is the same host's; B decodes it with the shared secret, reads the DB).
  api = await playwrightRequest.newContext();
  expect(await signInOverHttp(api, ADMIN, a.baseUrl)).toEqual({ ok: true });
  const sessionOn = async (c: OwnConsole) => (await (await api!.get(`${c.baseUrl}/api/auth/session`)).json()) as { uid?: string; sid?: string };
  const [onA, onB] = [await sessionOn(a), await sessionOn(b)];
  expect(onA.uid && onA.sid, "signed in on A").toBeTruthy();
  expect(onB, "B reads the same session").toMatchObject({ uid: onA.uid, sid: onA.sid });

  // Login limits are shared: two failures on A and one on B lock an account (3 allowed), and A then refuses it too.
  const guesser = await playwrightRequest.newContext();
  const wrong = { email: "ghost@multi.test", password: "not-the-password" };
  const onA1 = await signInOverHttp(guesser, wrong, a.baseUrl);
  const onA2 = await signInOverHttp(guesser, wrong, a.baseUrl);
  const onB3 = await signInOverHttp(guesser, wrong, b.baseUrl);
  const onA4 = await signInOverHttp(guesser, wrong, a.baseUrl);
  await guesser.dispose();
  expect(onA1).toEqual(onA2);
  expect(onA1.ok).toBe(false);
  expect(onB3, "the third failure, counted with A's two, locks the account").not.toEqual(onA1);
  expect(onA4, "A refuses the account B locked").toEqual(onB3);

  const sdk = await emulatorSdk({ uc: e.uc, secretKey: emu.secretKey });
  await sdk.createBucket(SRC);
  await sdk.createBucket(DST);
  await sdk.upload(SRC, "seed.txt", "multi seed");
  await sdk.copyMany(SRC, "seed.txt", keys);

  // Plan and start the job on A, from its page: copy every object to DST, overwrite off (a second copy would be a 614).
  const context = await browser.newContext({ baseURL: a.baseUrl });
  expect(await signInOverHttp(context.request, ADMIN, a.baseUrl)).toEqual({ ok: true });
  const page = await context.newPage();
  await page.goto(`/batch?bucket=${SRC}&prefix=m/`);
  await page.getByTestId("batch-op").selectOption("copy");
  await page.getByTestId("batch-target-bucket").fill(DST);
  await page.getByTestId("batch-pattern").selectOption("same");
  await page.getByTestId("batch-dry-run").click();
  const panel = page.getByTestId("batch-job");
  await expect(panel).toHaveAttribute("data-status", "planned", { timeout: 60_000 });
  await expect(page.getByTestId("batch-plan-ok")).toContainText(fmt(N));
  const jobId = (await panel.getAttribute("data-job-id"))!;
  await page.getByTestId("batch-run").click();

  // Who holds the job, watched in the database the whole time: never two at once, and A never again once B holds it.
  const holders: string[] = [];
  let watching = true;
  const holderOf = async () =>
    (await watcher!.query<Holder>("SELECT status, runner_id, lease_until, takeovers FROM batch_jobs WHERE id = $1", [jobId])).rows[0];
  const watch = (async () => {
    while (watching) {
      const h = await holderOf().catch(() => undefined);
      if (!h) break; // the test ended (and closed the connection) early
      if (h.runner_id && holders[holders.length - 1] !== h.runner_id) holders.push(h.runner_id);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();

  const jobOn = async (c: OwnConsole) => {
    const res = await api!.get(`${c.baseUrl}/api/batch/jobs/${jobId}`);
    if (!res.ok()) throw new Error(`GET job on ${c.baseUrl} answered ${res.status()}`);
    return ((await res.json()) as { data: BatchJobView }).data;
  };
  // B sees A's progress (same database), and A's audit records of the chunks done so far.
  let atKill: BatchJobView;
  for (;;) {
    atKill = await jobOn(b);
    // (The run starts when A has answered the page's action: until then the job is still planned.)
    if (atKill.status !== "running" && atKill.status !== "planned")
      throw new Error(`the job is ${atKill.status} before the kill (${JSON.stringify(atKill.counts)})`);
    if (atKill.counts.done >= N / 10 && atKill.counts.inflight > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const holderA = (await holderOf()).runner_id!;
  expect(holderA).toBeTruthy();
  process.kill(a.childPid("next")!, "SIGKILL");
  const killedAt = Date.now();
  await a.exited();
  await context.close();

  // B takes the job over by itself once A's lease has lapsed (at most a lease plus one sweep after A's last renewal).
  await expect.poll(async () => (await holderOf()).takeovers, { timeout: LEASE_MS + SWEEP_MS + 20_000, intervals: [100] }).toBe(1);
  const takenAfterMs = Date.now() - killedAt;
  const taken = await holderOf();
  expect(taken.runner_id).not.toBe(holderA);
  expect(b.output()).toContain(`[batch] job ${jobId}: took over (running) from runner ${holderA}`);
  await expect.poll(async () => (await jobOn(b)).status, { timeout: 60_000 }).toBe("done");
  watching = false;
  await watch;
  test.info().annotations.push({
    type: "takeover",
    description: `${fmt(atKill.counts.done)} of ${fmt(N)} done on A at the kill; B took the job over ${(takenAfterMs / 1000).toFixed(1)} s after it (lease ${LEASE_MS / 1000} s, sweep every ${SWEEP_MS / 1000} s)`,
  });
  console.log(`[multi-instance] takeover ${takenAfterMs} ms after SIGKILL; holders ${holders.join(" → ")}`);
  expect(holders, "A, then B, never both and never A again").toEqual([holderA, taken.runner_id]);

  // Every item done exactly once, none failed: the job's own results, the emulator's objects, and the audit log on B.
  const done = await jobOn(b);
  expect(done.counts).toMatchObject({ total: N, done: N, failed: 0, skipped: 0, inflight: 0 });
  const csv = (await (await api.get(`${b.baseUrl}/api/batch/jobs/${jobId}/export`)).text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .slice(1);
  expect(csv).toHaveLength(N);
  expect(csv.filter((line) => !/,done,[^,]*,200,/.test(line)).slice(0, 5)).toEqual([]);
  const check = await batchSdk({ uc: e.uc, secretKey: emu.secretKey });
  expect((await check.listKeys(DST, "m/")).sort()).toEqual(keys);
  const [sources, targets] = await Promise.all([check.statMany(SRC, keys), check.statMany(DST, keys)]);
  expect(keys.filter((_, i) => targets[i].code !== 200 || targets[i].hash !== sources[i].hash).slice(0, 5)).toEqual([]);
  const audit = await api.get(`${b.baseUrl}/api/audit/export?action=batch.chunk&bucket=${SRC}`);
  expect(audit.ok()).toBe(true);
  const rows = Papa.parse<Record<string, string>>((await audit.text()).replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
  const chunks = rows
    .map((r) => ({ actor: r.actor, params: JSON.parse(r.params) as { jobId: string; counts: { done: number } } }))
    .filter((r) => r.params.jobId === jobId);
  // Some chunk records were written by A before the kill (the items done at the kill), the rest by B; read on B, they add up to N.
  expect(chunks.reduce((n, r) => n + r.params.counts.done, 0)).toBe(N);
  expect([...new Set(chunks.map((r) => r.actor))]).toEqual([ADMIN.email]);
});
