import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { routeUrl, type QueryValue } from "@/lib/actions/get-json";
import { e2eServerEnv } from "../support/e2e-env";
import { loginAs, signInOverHttp } from "../support/e2e-login";
import { leakProblems } from "../support/hostile";
import { startOwnConsole, type OwnConsole } from "../support/own-console";
import { builtActions, callAction } from "../support/server-action-http";

// House rule 2: the Secret Key (here the emulator's distinctive test secret) and the session secret never reach a browser.
const secrets = [e2eServerEnv().EMULATOR_SECRET_KEY, e2eServerEnv().NEXTAUTH_SECRET];
const pages = ["/buckets", "/upload", "/batch", "/processing", "/cdn", "/audit", "/users", "/login"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test("no client bundle contains a secret", () => {
  const staticDir = path.join(process.env.NEXT_DIST_DIR ?? ".next", "static");
  const files = filesUnder(staticDir);
  expect(files.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(5);
  for (const file of files) {
    const text = readFileSync(file, "latin1");
    for (const secret of secrets) expect(text.includes(secret), `${file} contains a secret`).toBe(false);
  }
});

test("no served page or RSC payload contains a secret", async ({ page }) => {
  await loginAs(page, "admin");
  for (const url of pages) {
    for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
      const res = await page.request.get(url, { headers });
      const body = await res.text();
      expect(body.length, `${url} answered`).toBeGreaterThan(100);
      for (const secret of secrets) expect(body.includes(secret), `${url} ${JSON.stringify(headers)} leaks a secret`).toBe(false);
    }
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Server output and error answers. A console of this test's own (same build, its own emulator and data directory), so
// that everything the console, Next and the emulator print can be read, and so that the login limits can be tight.
test.describe("a console whose output is captured", () => {
  test.describe.configure({ mode: "serial" });
  const OWN = {
    secret: "own-EMULATOR-SECRET-must-not-leak-4b1d9e",
    session: "own-nextauth-secret-0123456789abcdef-0123456789",
    admin: { email: "admin@own.test", password: "own-admin-password-kept-9f2" },
    wrongPassword: "wrong-PASSWORD-never-logged-91",
  };
  const ownSecrets = [OWN.secret, OWN.session, OWN.admin.password, OWN.wrongPassword];
  let own: OwnConsole;
  let admin: APIRequestContext;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    own = await startOwnConsole({
      EMULATOR_SECRET_KEY: OWN.secret,
      NEXTAUTH_SECRET: OWN.session,
      CONSOLE_ADMIN_EMAIL: OWN.admin.email,
      CONSOLE_ADMIN_PASSWORD: OWN.admin.password,
      CONSOLE_LOGIN_MAX_FAILURES_PER_IP: "4",
      CONSOLE_TRUSTED_PROXY: "",
      OIDC_ISSUER: "",
      OIDC_CLIENT_ID: "",
      OIDC_CLIENT_SECRET: "",
    });
    admin = await playwrightRequest.newContext();
    expect(await signInOverHttp(admin, OWN.admin, own.baseUrl)).toEqual({ ok: true });
  });

  test.afterAll(async () => {
    await admin?.dispose();
    await own?.stop();
  });

  const expectClean = (what: string, text: string) => expect(leakProblems(text, ownSecrets, ["/work/main"]), `${what}: ${text.slice(0, 300)}`).toEqual([]);

  test("failing actions, failing routes and a dead upstream answer without secrets, and the logs hold none", async () => {
    test.setTimeout(180_000);
    const actions = builtActions();
    const act = (name: string) => actions.find((a) => a.exportedName === name)!;
    const call = async (name: string, input: unknown) => {
      const res = await callAction(admin, own.baseUrl, act(name), [input]);
      expectClean(`${name}`, res.body);
      return res.result as { ok: boolean; error?: { code: string; message: string } };
    };
    // The reads are GET routes (server/http/route-guard.ts): the same checks, the same answers.
    const read = async (path: string, query: Record<string, QueryValue>) => {
      const res = await admin.get(`${own.baseUrl}${routeUrl(path, query)}`);
      const text = await res.text();
      expectClean(`GET ${path}`, text);
      return JSON.parse(text) as { ok: boolean; error?: { code: string; message: string } };
    };
    // refused input, Qiniu errors, forbidden outbound fetches, internal failures
    expect((await read("/api/buckets/no-such-bucket-own/object", { key: "a" })).ok).toBe(false);
    expect((await read("/api/buckets/demo-public/objects", { prefix: "", marker: "not-a-marker!!" })).ok).toBe(false);
    expect((await call("fetchIntoBucket", { bucket: "demo-public", key: "x", url: "http://169.254.169.254/latest/meta-data/" })).ok).toBe(false);
    await read("/api/buckets/demo-public/prefix-stats", { prefix: "a\u0000b" });
    await call("createUser", { email: OWN.admin.email, role: "admin", password: OWN.wrongPassword });
    // route handlers with garbage
    for (const [method, url, body] of [
      ["GET", "/api/batch/jobs/..%2f..%2fetc%2fpasswd", undefined],
      ["GET", "/api/batch/jobs/not-a-job/items?cursor=%00", undefined],
      ["GET", "/api/cdn/logs?domain=../../etc&day=2024-13-45&name=%00", undefined],
      ["GET", "/api/audit/export?from=garbage&to=%00", undefined],
      ["POST", "/api/qiniu/callback", "key=x&hash=y"],
      ["POST", "/api/qiniu/pfop-notify", "{not json"],
    ] as const) {
      const res = await admin.fetch(`${own.baseUrl}${url}`, {
        method,
        data: body,
        headers: { Origin: own.baseUrl, Authorization: `QBox ${"demo-access-key"}:forged` },
        maxRedirects: 0,
      });
      const text = await res.text();
      expect(res.status(), `${method} ${url}: ${text.slice(0, 200)}`).toBeLessThan(500);
      expectClean(`${method} ${url}`, text);
    }
    // failed logins never echo the password
    const stranger = await playwrightRequest.newContext();
    expect((await signInOverHttp(stranger, { email: OWN.admin.email, password: OWN.wrongPassword }, own.baseUrl)).ok).toBe(false);
    await stranger.dispose();

    // the upstream dies: the console says so, without secrets
    const emulatorPid = own.children().find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("server/emulator/main.ts"));
    expect(emulatorPid, "the emulator process of the own console").toBeDefined();
    const nextPid = own.childPid("next");
    expect(nextPid, "the own console's `next start`").toBeDefined();
    process.kill(emulatorPid!, "SIGKILL");
    const down = await read("/api/buckets/demo-public/objects", { prefix: "" });
    expect(down.ok).toBe(false);
    expect(down.error!.code).toMatch(/^qiniu\.(network|timeout)$/);
    expect((await admin.get(`${own.baseUrl}/buckets`)).status()).toBeLessThan(500);

    const output = own.output();
    expect(output.length).toBeGreaterThan(200);
    for (const secret of ownSecrets) expect(output.includes(secret), `the server output contains ${secret.slice(0, 12)}…`).toBe(false);
    expect(output, "an Authorization header in the server output").not.toMatch(/(QBox|Qiniu|UpToken) [\w-]+:[\w=-]{20,}/);

    // The start script restarts the emulator, on new ports (EMULATOR_PORT=0), so `next start` too: the next test needs
    // the console back.
    await expect.poll(() => own.childPid("next") ?? nextPid, { timeout: 90_000, intervals: [500] }).not.toBe(nextPid);
  });

  test("a client cannot dodge the per-IP login limit by making up X-Forwarded-For", async () => {
    test.setTimeout(180_000);
    // The test above killed the emulator and saw `next start` replaced: wait until the new one answers healthy.
    const healthy = () =>
      fetch(`${own.baseUrl}/api/health`).then(
        (r) => r.status,
        () => 0,
      );
    await expect.poll(healthy, { timeout: 120_000, intervals: [500] }).toBe(200);
    // CONSOLE_LOGIN_MAX_FAILURES_PER_IP=4, no trusted proxy: every attempt below comes from 127.0.0.1, whatever it claims.
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const ctx = await playwrightRequest.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `198.51.100.${i + 1}`, "X-Real-IP": `198.51.100.${i + 1}` } });
      const r = await signInOverHttp(ctx, { email: `nobody-${i}@own.test`, password: OWN.wrongPassword }, own.baseUrl);
      outcomes.push(r.ok ? "ok" : r.error.split(":")[0]);
      await ctx.dispose();
    }
    // (the test above already spent one failure from this address)
    expect(outcomes[0]).toBe("CredentialsSignin");
    expect(outcomes.filter((o) => o === "CredentialsSignin").length).toBeLessThanOrEqual(3);
    expect(outcomes.slice(-2)).toEqual(["RateLimited", "RateLimited"]);
  });
});
