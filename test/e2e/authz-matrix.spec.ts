// The authorization matrix: every server action in the build × every role (and no session), called over HTTP exactly
// as the browser calls it, is allowed or refused as lib/permissions.ts says. Not by calling functions: through the
// running app's real endpoint, session cookie, proxy and wrapper.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { beijingDay } from "@/lib/cdn/stats";
import { ROLE_PERMISSIONS, ROLES, type Permission, type Role } from "@/lib/permissions";
import type { CatalogEntry } from "../support/action-catalog";
import type { QueryValue } from "@/lib/actions/get-json";
import { emulatorInfo } from "../support/buckets-e2e";
import { getRoute, readPath } from "../support/read-routes";
import { E2E_USERS, e2eBaseUrl, signInOverHttp, type Credentials } from "../support/e2e-login";
import { actionCatalogFromSource, builtActions, callAction, type BuiltAction } from "../support/server-action-http";

test.describe.configure({ mode: "serial" });

const base = e2eBaseUrl();
type Caller = Role | "none";
const CALLERS: Caller[] = ["none", ...ROLES];

let built: BuiltAction[];
let catalog: CatalogEntry[];
const sessions = new Map<Caller, APIRequestContext>();

const entryFor = (a: BuiltAction) => catalog.find((c) => c.file === a.filename && c.exportName === a.exportedName);
const action = (file: string, name: string) => {
  const found = built.find((a) => a.filename === file && a.exportedName === name);
  if (!found) throw new Error(`${file}#${name} is not in the build's server-reference manifest`);
  return found;
};

type Result = { ok: boolean; data?: unknown; error?: { code: string; message: string } };

async function call(caller: Caller, a: BuiltAction, input: unknown, headers?: Record<string, string>): Promise<Result> {
  const res = await callAction(sessions.get(caller)!, base, a, [input], headers);
  expect(res.result, `${a.filename}#${a.exportedName} as ${caller}: HTTP ${res.status} ${res.body.slice(0, 300)}`).toBeDefined();
  return res.result as Result;
}

async function signedIn(creds: Credentials): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext();
  expect(await signInOverHttp(ctx, creds), `sign in ${creds.email}`).toEqual({ ok: true });
  return ctx;
}

test.beforeAll(async () => {
  built = builtActions();
  catalog = actionCatalogFromSource();
  sessions.set("none", await playwrightRequest.newContext());
  sessions.set("admin", await signedIn(E2E_USERS.admin));
  const createUser = action("server/actions/users.ts", "createUser");
  for (const role of ROLES.filter((r) => r !== "admin")) {
    const { email, password } = E2E_USERS[role];
    const created = await call("admin", createUser, { email, role, password });
    // Another spec of this run may have created the user already.
    if (!created.ok) expect(created.error?.code).toBe("conflict");
    sessions.set(role, await signedIn(E2E_USERS[role]));
  }
});

test.afterAll(async () => {
  for (const ctx of sessions.values()) await ctx.dispose();
});

test("every server action in the build is a wrapped action from server/actions", () => {
  expect(built.length).toBeGreaterThan(5);
  const unknown = built.filter((a) => !entryFor(a)).map((a) => `${a.filename}#${a.exportedName}`);
  expect(unknown, "actions not made by defineAction in server/actions/*.ts").toEqual([]);
  expect(built.map((a) => a.exportedName)).toEqual(
    expect.arrayContaining(["createUser", "setUserDisabled", "updateUserAccess", "resetUserPassword", "changeOwnPassword"]),
  );
});

test("every action × every role and no session: allowed or refused as the permission model says", async () => {
  test.setTimeout(240_000);
  const expectedAllowed = (caller: Caller, permission: Permission | "signed-in") =>
    caller !== "none" && (permission === "signed-in" || ROLE_PERMISSIONS[caller].includes(permission));
  const mismatches: string[] = [];
  const tally = { allowed: 0, refused: 0 };
  for (const a of built) {
    const entry = entryFor(a)!;
    for (const caller of CALLERS) {
      // A string never passes an action's object schema, so an allowed call stops at input validation and changes nothing.
      const result = await call(caller, a, "authz-matrix-probe");
      const code = result.ok ? "ok" : result.error!.code;
      const refused = code === "unauthorized" || code === "forbidden";
      const want = expectedAllowed(caller, entry.permission);
      if (refused === want) mismatches.push(`${entry.name} (${entry.permission}) as ${caller}: expected ${want ? "allowed" : "refused"}, got ${code}`);
      if (caller === "none" && code !== "unauthorized") mismatches.push(`${entry.name} without a session: expected unauthorized, got ${code}`);
      tally[refused ? "refused" : "allowed"]++;
    }
  }
  expect(mismatches).toEqual([]);
  // Both outcomes really occurred (the matrix cannot pass by refusing or allowing everything).
  expect(tally.allowed).toBeGreaterThan(built.length);
  expect(tally.refused).toBeGreaterThan(built.length);
});

test("refuses a call from another site (Origin check) without running it", async () => {
  const createUser = action("server/actions/users.ts", "createUser");
  const email = `csrf-${Date.now()}@e2e.test`;
  const res = await callAction(sessions.get("admin")!, base, createUser, [{ email, role: "admin", password: "csrf-password-123" }], {
    Origin: "https://evil.example",
  });
  // refused before Next decodes it (server/security/action-request.ts): 403, where Next alone answers 500
  expect(res.status).toBe(403);
  expect(res.body).not.toContain('"ok":true');
  // The user was not created: creating it now, from the right origin, succeeds.
  const again = await call("admin", createUser, { email, role: "viewer", password: "csrf-password-123" });
  expect(again).toMatchObject({ ok: true });
});

test("disabling a user refuses their very next call, with the session they already have", async () => {
  const createUser = action("server/actions/users.ts", "createUser");
  const setUserDisabled = action("server/actions/users.ts", "setUserDisabled");
  const changeOwnPassword = action("server/actions/users.ts", "changeOwnPassword");
  const creds = { email: `soon-gone-${Date.now()}@e2e.test`, password: "soon-gone-password-1" };
  const created = await call("admin", createUser, { ...creds, role: "editor" });
  expect(created.ok).toBe(true);
  const id = (created.data as { user: { id: string } }).user.id;
  sessions.set("editor", await signedIn(creds)); // reuse the slot; restored below
  try {
    expect((await call("editor", changeOwnPassword, "probe")).error?.code).toBe("invalid_input");
    expect(await call("admin", setUserDisabled, { id, disabled: true })).toMatchObject({ ok: true });
    expect((await call("editor", changeOwnPassword, "probe")).error?.code).toBe("unauthorized");
  } finally {
    await sessions.get("editor")!.dispose();
    sessions.set("editor", await signedIn(E2E_USERS.editor));
  }
});

test("bucket and prefix scopes are enforced on the server too", async () => {
  const createUser = action("server/actions/users.ts", "createUser");
  const creds = { email: `scoped-${Date.now()}@e2e.test`, password: "scoped-password-1" };
  const created = await call("admin", createUser, { ...creds, role: "editor", scopes: [{ bucket: "demo-public", prefix: "allowed/" }] });
  expect(created.ok).toBe(true);
  const scoped = await signedIn(creds);
  try {
    // The listing is a GET route (server/buckets/reads.ts) with the same guard.
    const list = async (input: { bucket: string; prefix: string }) =>
      (await getRoute(scoped, base, readPath("objects", input.bucket), { prefix: input.prefix })).error?.code ?? "ok";
    expect(await list({ bucket: "demo-private", prefix: "" })).toBe("forbidden");
    expect(await list({ bucket: "demo-public", prefix: "" })).toBe("forbidden");
    expect(await list({ bucket: "demo-public", prefix: "other/" })).toBe("forbidden");
    expect(await list({ bucket: "demo-public", prefix: "allowed/" })).toBe("ok");
    expect(await list({ bucket: "demo-public", prefix: "allowed/deeper/" })).toBe("ok");
  } finally {
    await scoped.dispose();
  }
});

test("a prefix scope keeps a user from a domain's CDN data; the whole bucket allows it", async ({ browser }) => {
  const createUser = action("server/actions/users.ts", "createUser");
  const stamp = Date.now();
  const prefixCreds = { email: `cdn-prefix-${stamp}@e2e.test`, password: "cdn-prefix-password-1" };
  const bucketCreds = { email: `cdn-bucket-${stamp}@e2e.test`, password: "cdn-bucket-password-1" };
  expect((await call("admin", createUser, { ...prefixCreds, role: "ops", scopes: [{ bucket: "demo-public", prefix: "allowed/" }] })).ok).toBe(true);
  expect((await call("admin", createUser, { ...bucketCreds, role: "ops", scopes: [{ bucket: "demo-public", prefix: "" }] })).ok).toBe(true);
  const prefixUser = await signedIn(prefixCreds);
  const bucketUser = await signedIn(bucketCreds);
  try {
    // The CDN reads are GET routes (server/cdn/reads.ts) with the same guard.
    const as = async (ctx: APIRequestContext, path: string, input: Record<string, QueryValue>) => getRoute(ctx, base, path, input);
    const domain = new URL((await emulatorInfo()).buckets["demo-public"].domain).host;
    const today = beijingDay(Date.now());
    const range = { domains: [domain], startDate: today, endDate: today };
    for (const [path, input] of [
      ["/api/cdn/traffic", { ...range, granularity: "day" }],
      ["/api/cdn/analysis", range],
      ["/api/cdn/breakdown", range],
      ["/api/cdn/log-files", { domains: [domain], day: today }],
    ] as const) {
      expect((await as(prefixUser, path, input)).error?.code, `${path} as a prefix-scoped user`).toBe("cdn.partial_scope");
      expect((await as(bucketUser, path, input)).ok, `${path} as a bucket-wide user`).toBe(true);
    }
    const download = await prefixUser.get(`${base}/api/cdn/logs?${new URLSearchParams({ domain, day: today, name: "any.gz" })}`);
    expect(download.status()).toBe(400);
    expect(((await download.json()) as Result).error?.code).toBe("cdn.partial_scope");

    // The CDN page offers such a user no domain data, and says why.
    const context = await browser.newContext({ baseURL: base });
    try {
      expect(await signInOverHttp(context.request, prefixCreds)).toEqual({ ok: true });
      const page = await context.newPage();
      await page.goto("/cdn");
      await expect(page.getByTestId("cdn-partial-only")).toBeVisible();
    } finally {
      await context.close();
    }
  } finally {
    await prefixUser.dispose();
    await bucketUser.dispose();
  }
});

test("the audit CSV export answers admins only", async () => {
  const url = `${base}/api/audit/export?action=auth.login`;
  expect((await sessions.get("none")!.get(url)).status()).toBe(401);
  for (const role of ["editor", "ops", "viewer"] as const) expect((await sessions.get(role)!.get(url)).status()).toBe(403);
  const res = await sessions.get("admin")!.get(url);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/csv");
  const csv = await res.text();
  expect(csv.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("id,time_utc,actor,role,action,bucket,target,outcome,error_code,error_message,req_id,ip,params");
  expect(csv).toContain(`${E2E_USERS.viewer.email},viewer,auth.login,,,ok`);
  expect(csv).not.toContain("users.create"); // the filter applied
});
