// A batch job survives the console's Next server being killed (SIGKILL) in the middle of a run (issue 8). The console
// is one of this test's own (scripts/start.mjs on the embedded emulator), restarted by the same start script on the
// same data directory: the start-up hook (recoverBatchJobs) must show the job interrupted with exactly the items that
// are done, the page must resume it, and the run must end with every item done once — all checked through the emulator.
// Every change made before the kill must be in the audit log before anyone resumes (issue 17): each chunk is audited
// as it is recorded, and a chunk whose answer the kill lost is audited when the restart settles it.
import { rmSync } from "node:fs";
import Papa from "papaparse";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import type { BatchItemsPage, BatchJobView } from "@/lib/batch/view";
import { batchSdk } from "../support/batch-e2e";
import { emulatorSdk } from "../support/buckets-e2e";
import { signInOverHttp } from "../support/e2e-login";
import { processAlive, startOwnConsole, type OwnConsole } from "../support/own-console";

const SECRET = "restart-EMULATOR-secret-1c9e77";
const ADMIN = { email: "admin@restart.test", password: "restart-admin-password-5e1" };
const ENV = {
  EMULATOR_SECRET_KEY: SECRET,
  NEXTAUTH_SECRET: "restart-nextauth-secret-0123456789abcdef-01234",
  CONSOLE_ADMIN_EMAIL: ADMIN.email,
  CONSOLE_ADMIN_PASSWORD: ADMIN.password,
  OIDC_ISSUER: "",
  OIDC_CLIENT_ID: "",
  OIDC_CLIENT_SECRET: "",
};
const SRC = "restart-src";
const DST = "restart-dst";
// Enough that the copy runs for a few seconds on the emulator (~6,000 items/s here), so the kill lands mid-run.
const N = 30_000;
const keys = Array.from({ length: N }, (_, i) => `r/obj-${String(i).padStart(5, "0")}`);
const fmt = (n: number) => n.toLocaleString("en-US");

let own: OwnConsole | undefined;
let api: APIRequestContext | undefined;

test.afterEach(async () => {
  await api?.dispose();
  await own?.stop();
  if (own) rmSync(own.home, { recursive: true, force: true });
  api = own = undefined;
});

async function jobOf(jobId: string): Promise<BatchJobView> {
  const res = await api!.get(`${own!.baseUrl}/api/batch/jobs/${jobId}`);
  if (!res.ok()) throw new Error(`GET job answered ${res.status()}`);
  return ((await res.json()) as { data: BatchJobView }).data;
}

/** The job's per-item results from the page's CSV export: key → status and code. */
async function itemResults(jobId: string): Promise<Map<string, { status: string; code: string }>> {
  const res = await api!.get(`${own!.baseUrl}/api/batch/jobs/${jobId}/export`);
  expect(res.ok()).toBe(true);
  const lines = (await res.text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe("seq,bucket,key,target_bucket,target_key,status,check,code,message,attempts");
  const out = new Map<string, { status: string; code: string }>();
  for (const line of lines.slice(1)) {
    const [, , key, , , status, , code] = line.split(",");
    out.set(key, { status, code });
  }
  expect(out.size, "one row per item").toBe(lines.length - 1);
  return out;
}

/** How many done items the start-up recovery settled from the emulator's state (they were in flight at the kill). */
async function verifiedAfterInterruption(jobId: string, done: number): Promise<number> {
  let n = 0;
  for (let offset = 0; offset < done; offset += 1000) {
    const res = await api!.get(`${own!.baseUrl}/api/batch/jobs/${jobId}/items?filter=done&limit=1000&offset=${offset}`);
    const page = ((await res.json()) as { data: BatchItemsPage }).data;
    n += page.items.filter((i) => i.data?.verifiedAfterInterruption === true).length;
  }
  return n;
}

/** What the audit log's chunk records (CSV export, as an auditor reads it) say was done by the job, and by whom. */
async function auditedDone(jobId: string): Promise<{ done: number; actors: string[] }> {
  const res = await api!.get(`${own!.baseUrl}/api/audit/export?action=batch.chunk&bucket=${SRC}`);
  expect(res.ok()).toBe(true);
  const rows = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
  const mine = rows
    .map((r) => ({ actor: r.actor, params: JSON.parse(r.params) as { jobId: string; counts: { done: number } } }))
    .filter((r) => r.params.jobId === jobId);
  return { done: mine.reduce((n, r) => n + r.params.counts.done, 0), actors: [...new Set(mine.map((r) => r.actor))] };
}

test("a copy job survives kill -9 of the console's Next server: interrupted with exact progress, resumed, every item done once", async ({ browser }) => {
  test.setTimeout(150_000);
  own = await startOwnConsole(ENV, { keepHome: true });
  api = await playwrightRequest.newContext();
  expect(await signInOverHttp(api, ADMIN, own.baseUrl)).toEqual({ ok: true });
  const context = await browser.newContext({ baseURL: own.baseUrl });
  expect(await signInOverHttp(context.request, ADMIN, own.baseUrl)).toEqual({ ok: true });
  const page = await context.newPage();

  const sdk = await emulatorSdk({ uc: own.emulatorUc(), secretKey: SECRET });
  await sdk.createBucket(SRC);
  await sdk.createBucket(DST);
  await sdk.upload(SRC, "seed.txt", "restart seed");
  await sdk.copyMany(SRC, "seed.txt", keys);

  // Copy every object to the other bucket, overwrite off: an item sent twice would fail with 614.
  await page.goto(`/batch?bucket=${SRC}&prefix=r/`);
  await page.getByTestId("batch-op").selectOption("copy");
  await page.getByTestId("batch-target-bucket").fill(DST);
  await page.getByTestId("batch-pattern").selectOption("same");
  await page.getByTestId("batch-dry-run").click();
  const panel = page.getByTestId("batch-job");
  await expect(panel).toHaveAttribute("data-status", "planned", { timeout: 60_000 });
  await expect(page.getByTestId("batch-plan-ok")).toContainText(fmt(N));
  const jobId = (await panel.getAttribute("data-job-id"))!;
  await page.getByTestId("batch-run").click();

  // Some but not all items done, a batch request in flight: kill `next start` (SIGKILL: no chance to record anything).
  let atKill: BatchJobView;
  for (;;) {
    atKill = await jobOf(jobId);
    if (atKill.status !== "running") throw new Error(`the job is ${atKill.status} before the kill (${JSON.stringify(atKill.counts)})`);
    if (atKill.counts.done >= N / 10 && atKill.counts.inflight > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const nextPid = own.childPid("next");
  const emulatorPid = own.childPid("emulator");
  expect(nextPid && emulatorPid, "the start script's `next start` and emulator processes").toBeTruthy();
  process.kill(nextPid!, "SIGKILL");
  // The start script ends with its Next server (exit code 1), and stops the emulator on its way out.
  expect(await own.exited()).toBe(1);
  await expect.poll(() => processAlive(emulatorPid!), { timeout: 10_000 }).toBe(false);

  // Restart on the same data directory and port (the emulator comes back on new ports, with the same objects).
  const restartedAt = Date.now();
  own = await startOwnConsole(ENV, { home: own.home, port: own.port });
  const check = await batchSdk({ uc: own.emulatorUc(), secretKey: SECRET });
  await expect.poll(() => own!.output()).toContain(`[batch] marked 1 interrupted job(s): ${jobId}`);
  // In-flight items are settled from the emulator's state in the background after start-up.
  await expect.poll(async () => (await jobOf(jobId)).counts.inflight, { timeout: 20_000 }).toBe(0);
  const interrupted = await jobOf(jobId);
  expect(interrupted.status).toBe("interrupted");
  expect(interrupted.counts).toMatchObject({ total: N, failed: 0, skipped: 0, inflight: 0 });
  expect(interrupted.counts.done).toBeGreaterThanOrEqual(atKill.counts.done);
  expect(interrupted.counts.done).toBeLessThan(N);
  test.info().annotations.push({
    type: "interruption",
    description:
      `${fmt(atKill.counts.done)} done at the last poll before the kill, ${fmt(interrupted.counts.done)} done after the restart ` +
      `(${fmt(await verifiedAfterInterruption(jobId, interrupted.counts.done))} of them settled from the emulator's state)`,
  });

  // (1) Exactly the items whose copy exists are recorded done; every other item is pending.
  const before = await itemResults(jobId);
  const doneBefore = new Set([...before].filter(([, r]) => r.status === "done").map(([key]) => key));
  expect(doneBefore.size).toBe(interrupted.counts.done);
  expect([...before.values()].filter((r) => r.status !== "done" && r.status !== "pending")).toEqual([]);
  const copiedBefore = await check.listKeys(DST, "r/");
  expect(
    copiedBefore.filter((k) => !doneBefore.has(k)),
    "copies the job does not know of",
  ).toEqual([]);
  expect(copiedBefore.length, "items recorded done without a copy").toBe(doneBefore.size);
  // (1b) And every one of those changes is audited, under the user who ran the job, though nobody resumed it yet.
  expect(await auditedDone(jobId)).toEqual({ done: doneBefore.size, actors: [ADMIN.email] });

  // The page (same session: the session secret is kept with the data) shows it so.
  await page.goto(`/batch?job=${jobId}`);
  await expect(panel).toHaveAttribute("data-status", "interrupted");
  await expect(page.getByTestId("batch-status")).toHaveText(/已中断|Interrupted/);
  await expect(page.getByTestId("batch-count-done")).toHaveText(fmt(interrupted.counts.done));
  await expect(page.getByTestId("batch-count-remaining")).toHaveText(fmt(N - interrupted.counts.done));
  await expect(page.getByTestId("batch-count-total")).toHaveText(fmt(N));

  // (2) Resume from the page, by keyboard.
  const resumedAt = Date.now();
  await page.getByTestId("batch-resume").focus();
  await page.keyboard.press("Enter");
  await expect(panel).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("batch-count-done")).toHaveText(fmt(N));
  await expect(page.getByTestId("batch-count-failed")).toHaveText("0");

  // (3) Every item done once: each result is a 200 (a second copy without overwrite would be a 614), every copy exists
  // once with the source's content, those recorded done at the restart were copied before it (a request in flight may be
  // applied just after the kill) and all others after the resume.
  const after = await itemResults(jobId);
  expect(after.size).toBe(N);
  expect([...after].filter(([, r]) => r.status !== "done" || r.code !== "200").slice(0, 5)).toEqual([]);
  expect((await check.listKeys(DST, "r/")).sort()).toEqual(keys);
  expect(await auditedDone(jobId)).toEqual({ done: N, actors: [ADMIN.email] });
  const [sources, targets] = await Promise.all([check.statMany(SRC, keys), check.statMany(DST, keys)]);
  const wrong = keys.filter((key, i) => {
    const putMs = (targets[i].putTime ?? 0) / 10_000;
    const inTime = doneBefore.has(key) ? putMs < restartedAt : putMs >= resumedAt;
    return targets[i].code !== 200 || targets[i].hash !== sources[i].hash || !inTime;
  });
  expect(wrong.slice(0, 5).map((key) => `${key} ${JSON.stringify(targets[keys.indexOf(key)])} done before: ${doneBefore.has(key)}`)).toEqual([]);
  await context.close();
});
