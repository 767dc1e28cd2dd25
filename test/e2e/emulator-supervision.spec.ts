// A dead emulator must not leave a console that looks healthy (issue 17, finding 11). The console is one of this
// test's own (scripts/start.mjs on the embedded emulator); the test kills its emulator child with SIGKILL and waits for
// the start script to bring it back (and /api/health to say ok through the new one), or, when the emulator cannot
// start again, for /api/health to answer 503 naming the emulator and the start script to give up and stop.
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { signInOverHttp } from "../support/e2e-login";
import { processAlive, startOwnConsole, type OwnConsole } from "../support/own-console";

const ADMIN = { email: "admin@supervision.test", password: "supervision-admin-password-3b8" };
const ENV = {
  EMULATOR_SECRET_KEY: "supervision-EMULATOR-secret-6d21a0",
  NEXTAUTH_SECRET: "supervision-nextauth-secret-0123456789abcdef-0",
  CONSOLE_ADMIN_EMAIL: ADMIN.email,
  CONSOLE_ADMIN_PASSWORD: ADMIN.password,
  OIDC_ISSUER: "",
  OIDC_CLIENT_ID: "",
  OIDC_CLIENT_SECRET: "",
};

let own: OwnConsole | undefined;
let api: APIRequestContext | undefined;

test.afterEach(async () => {
  await api?.dispose();
  await own?.stop();
  api = own = undefined;
});

async function health(): Promise<{ status: number; body: unknown }> {
  try {
    const res = await api!.get(`${own!.baseUrl}/api/health`, { timeout: 5000 });
    return { status: res.status(), body: await res.json().catch(() => null) };
  } catch {
    return { status: 0, body: null }; // the console itself is not answering (being restarted, or stopped)
  }
}

function killEmulator(): number {
  const pid = own!.childPid("emulator");
  expect(pid, "the start script's emulator process").toBeTruthy();
  process.kill(pid!, "SIGKILL");
  return pid!;
}

// `npm start`'s default is a fixed port (9400): the emulator comes back on the same ports and `next start` keeps running.
// With EMULATOR_PORT=0 it comes back on new ports, and `next start` is restarted to follow them.
const FIXED_PORT = String(20_000 + Math.floor(Math.random() * 1000) * 10);
for (const emulatorPort of [FIXED_PORT, "0"]) {
  test(`a killed emulator is restarted, and the console works through the new one (EMULATOR_PORT=${emulatorPort === "0" ? "0" : "fixed"})`, async () => {
    test.setTimeout(240_000);
    own = await startOwnConsole({ ...ENV, EMULATOR_PORT: emulatorPort });
    api = await playwrightRequest.newContext();
    expect(await health()).toEqual({ status: 200, body: { ok: true, mode: "emulator" } });
    const nextPid = own.childPid("next");
    expect(nextPid, "the start script's `next start` process").toBeTruthy();

    const killed = killEmulator();
    await expect.poll(() => own!.output(), { timeout: 20_000 }).toContain("[console] the emulator stopped (signal SIGKILL); restarting it");
    await expect.poll(() => own!.childPid("emulator") ?? killed, { timeout: 60_000 }).not.toBe(killed);
    if (emulatorPort === "0") await expect.poll(() => own!.childPid("next") ?? nextPid, { timeout: 60_000 }).not.toBe(nextPid);
    // (A health answer from just before the kill may be served from its few-second cache: the page below is the proof.)
    await expect.poll(() => health(), { timeout: 90_000, intervals: [500] }).toEqual({ status: 200, body: { ok: true, mode: "emulator" } });
    if (emulatorPort !== "0") expect(own.childPid("next"), "`next start` kept running").toBe(nextPid);

    // Health is not the only witness: a signed-in page lists the demo buckets through the restarted emulator. Health may
    // have answered from its cache while the new emulator was still opening its ports, so wait for the page itself.
    expect(await signInOverHttp(api, ADMIN, own.baseUrl)).toEqual({ ok: true });
    const bucketsPage = async () => {
      const page = await api!.get(`${own!.baseUrl}/buckets`);
      return `${page.status()} ${(await page.text()).includes("demo-public") ? "lists demo-public" : "no bucket list"}`;
    };
    await expect.poll(bucketsPage, { timeout: 60_000, intervals: [500] }).toBe("200 lists demo-public");
    expect(own.output()).not.toContain("giving up");
  });
}

test("an emulator that cannot start again: health answers 503 naming it, then the start script gives up and stops the console", async () => {
  test.setTimeout(240_000);
  own = await startOwnConsole(ENV);
  api = await playwrightRequest.newContext();
  expect((await health()).status).toBe(200);
  const nextPid = own.childPid("next")!;

  // The emulator's data directory becomes a plain file: every restart fails at once, the same way every time.
  const dataDir = path.join(own.home, "emulator");
  renameSync(dataDir, `${dataDir}-moved`);
  writeFileSync(dataDir, "not a directory\n");
  killEmulator();

  await expect.poll(() => health(), { timeout: 30_000, intervals: [250] }).toEqual({ status: 503, body: { ok: false, mode: "emulator", down: ["emulator"] } });
  expect(await own.exited()).toBe(1);
  expect(own.output()).toContain(
    "[console] the emulator failed 5 times in a row (last: the emulator exited (exit code 1) before it was ready); giving up and stopping the console",
  );
  expect(processAlive(nextPid), "`next start` was stopped too").toBe(false);
});
