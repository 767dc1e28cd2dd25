// The authorization matrix for route handlers (app/**/route.ts), the other public HTTP surface next to server actions
// (test/e2e/authz-matrix.spec.ts). Every route handler in the build is listed in ROUTES below with its methods and
// who may call it; the first test fails when the build has a route (or a method) the table does not cover. Every route
// is then called over real HTTP by every kind of caller: no session, each role, a scoped user, and sessions that were
// valid once but are not any more ("stale", see STALE), and the answer is checked for its status and for what it
// must not contain. Cross-site calls and the session cookie's attributes are checked at the end, also in Chromium.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { decode, encode, type JWT } from "next-auth/jwt";
import qiniu from "qiniu";
import { roleHas, type Permission, type Role } from "@/lib/permissions";
import { emulatorInfo } from "../support/buckets-e2e";
import { e2eServerEnv } from "../support/e2e-env";
import { E2E_USERS, e2eBaseUrl, signInOverHttp, type Credentials } from "../support/e2e-login";
import { builtActions, callAction, type BuiltAction } from "../support/server-action-http";

test.describe.configure({ mode: "serial" });

const base = e2eBaseUrl();
const env = e2eServerEnv();
const SESSION_COOKIE = "next-auth.session-token"; // plain http here; next-auth adds __Secure- on https
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const BUCKET = "demo-public";

// ---- Callers ----

/**
 * Sessions that were valid once. How sessions work here (server/auth/options.ts, server/auth/session.ts): the cookie
 * is a next-auth JWT (JWE, encrypted with NEXTAUTH_SECRET) carrying only the user id `uid`, the user's session
 * version `sv` and the session's own id `sid`. Every request reads the user from the database and refuses a missing
 * or disabled user, a version that has moved on (password reset or change, disabling) and a session ended by signing
 * out. So a stale session is one of these, each refused like no session at all (401 from every protected route):
 */
const STALE = {
  disabled: "an editor's session from before an admin disabled the account",
  reenabled: "an editor's session from before the account was disabled and enabled again",
  passwordReset: "an editor's session from before an admin reset the password",
  ownPasswordChanged: "an editor's session from before the editor changed their own password",
  signedOut: "a copy of an editor's session cookie, kept when the editor signed out",
  signedOutRenewed: "that copy, renewed at /api/auth/session after the sign-out",
  expired: "the admin's session re-encrypted with the real secret but an expiry in the past",
  foreignSecret: "the admin's session encrypted with a different secret",
  unknownUser: "a session naming a user id that does not exist (as after deleting a user)",
  oldVersion: "the admin's session with the session version before the current one",
  noSessionId: "the admin's session without a session id (issued before session ids, or forged)",
  tampered: "the admin's session cookie with one character of the ciphertext changed",
  unencrypted: "an unencrypted JWT (alg none) naming the admin",
} as const;
type Stale = keyof typeof STALE;

type Caller = "none" | Role | "scoped" | "demoted" | "reencoded" | Stale;
/** What the server should treat each caller as: a role, or nobody. */
const EFFECTIVE: Record<Caller, Role | null> = {
  none: null,
  admin: "admin",
  editor: "editor",
  ops: "ops",
  viewer: "viewer",
  scoped: "editor", // an editor limited to demo-private: the fixtures below live in demo-public
  demoted: "viewer", // an editor's session from before an admin made them a viewer: the new role applies at once
  reencoded: "admin", // the control for the forged tokens: the admin's claims re-encrypted unchanged with the real secret
  ...(Object.fromEntries(Object.keys(STALE).map((k) => [k, null])) as Record<Stale, null>),
};
const CALLERS = Object.keys(EFFECTIVE) as Caller[];
const cookies = new Map<Caller, string>();

// ---- Fixtures (made in beforeAll) ----

const fx = { jobId: "", jobKey: `authz-routes/${run}-secret-key.txt`, logDomain: "", logDay: "", logName: "", logMarker: `authz-${run}`, auditMarker: "" };
let built: BuiltAction[];
let admin: APIRequestContext;
let accessKey = "";

// ---- Answers ----

interface Answer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
}

/**
 * One request exactly as written: node:http, because fetch adds headers of its own (Sec-Fetch-Mode: cors) and a
 * Playwright request context keeps cookies between calls. `cookie` is a raw session token (or none).
 */
function rawRequest(method: string, url: string, opts: { cookie?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(opts.cookie ? { cookie: `${SESSION_COOKIE}=${opts.cookie}` } : {}), ...opts.headers };
    if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
    const req = http.request(`${base}${url}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const h = new Headers();
        for (const [name, value] of Object.entries(res.headers)) for (const v of [value ?? []].flat()) h.append(name, v);
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: h, bytes, text: bytes.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const send = (caller: Caller, method: string, url: string, opts: { body?: string; headers?: Record<string, string> } = {}) =>
  rawRequest(method, url, { ...opts, cookie: cookies.get(caller) });

const json = (a: Answer): Record<string, unknown> => {
  try {
    return JSON.parse(a.text) as Record<string, unknown>;
  } catch {
    return { notJson: a.text.slice(0, 200) };
  }
};

/** Words that must never reach a refused caller: the fixtures' data and what any of the exports would contain. */
const secretsOfTheData = () => [fx.jobKey, fx.logMarker, fx.auditMarker, "users.create", "auth.login", "createdByEmail", E2E_USERS.admin.email].filter(Boolean);

/** A refusal: JSON `{ ok: false, error: { code, message } }` and nothing else (no file, no data, not cached). */
function refusalProblems(a: Answer, status: number, code: string): string[] {
  const problems: string[] = [];
  if (a.status !== status) problems.push(`status ${a.status}, expected ${status}: ${a.text.slice(0, 160)}`);
  if (!a.headers.get("content-type")?.startsWith("application/json")) problems.push(`content-type ${a.headers.get("content-type")}`);
  if (a.headers.get("content-disposition")) problems.push(`content-disposition ${a.headers.get("content-disposition")}`);
  if (!a.headers.get("cache-control")?.includes("no-store")) problems.push(`cache-control ${a.headers.get("cache-control")}`);
  if (a.headers.get("access-control-allow-origin")) problems.push("CORS header on a refusal");
  const body = json(a) as { ok?: unknown; error?: Record<string, unknown> };
  if (body.ok !== false || Object.keys(body).sort().join() !== "error,ok") problems.push(`body ${a.text.slice(0, 160)}`);
  else {
    if (body.error?.code !== code) problems.push(`error code ${String(body.error?.code)}, expected ${code}`);
    if (typeof body.error?.message !== "string" || !body.error.message) problems.push("no error message");
    const extra = Object.keys(body.error ?? {}).filter((k) => !["code", "message", "fields"].includes(k));
    if (extra.length) problems.push(`error carries ${extra.join(",")}`);
  }
  for (const s of secretsOfTheData()) if (a.text.includes(s)) problems.push(`leaks ${s}`);
  return problems;
}

// ---- The table ----

type Access =
  | { session: Permission }
  /** Public by design, with the reason; `probes` say what every caller (cookie or not) gets. */
  | { public: string };

interface Probe {
  what: string;
  method: string;
  url: () => string;
  body?: () => string;
  headers?: () => Record<string, string>;
}

interface RouteRow {
  /** As the build names it (app-path-routes-manifest.json). */
  route: string;
  /** The methods the handler exports (Next adds HEAD for GET, and OPTIONS). */
  methods: readonly string[];
  access: Access;
  /** Session routes: one request, and what an entitled caller receives. */
  probe?: Probe;
  allowed?: (a: Answer, caller: Caller) => string[];
  /** Session routes with scoped data: what a user whose scope excludes the fixtures receives. */
  outOfScope?: (a: Answer) => string[];
  /** Public routes: requests and the answer every caller gets, whatever session it carries. */
  publicProbes?: (Probe & { expect: (a: Answer, caller: Caller) => string[] })[];
}

const expectStatus = (a: Answer, status: number) => (a.status === status ? [] : [`status ${a.status}, expected ${status}: ${a.text.slice(0, 160)}`]);
const expectText = (a: Answer, ...parts: string[]) => parts.filter((p) => !a.text.includes(p)).map((p) => `answer lacks ${p}`);
const csvDownload = (a: Answer) => [
  ...expectStatus(a, 200),
  ...(a.headers.get("content-type")?.startsWith("text/csv") ? [] : [`content-type ${a.headers.get("content-type")}`]),
  ...(/^attachment; filename="[\w.-]+\.csv"$/.test(a.headers.get("content-disposition") ?? "")
    ? []
    : [`content-disposition ${a.headers.get("content-disposition")}`]),
];
const notFoundJob = (a: Answer) => refusalProblems(a, 404, "not_found");

const ROUTES: RouteRow[] = [
  {
    route: "/api/batch/jobs",
    methods: ["GET"],
    access: { session: "batch.run" },
    probe: { what: "recent jobs", method: "GET", url: () => "/api/batch/jobs" },
    allowed: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true', fx.jobId)],
    // A scoped user sees only jobs inside their scope: the list answers, without the fixture job.
    outOfScope: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true'), ...(a.text.includes(fx.jobId) ? ["lists a job outside the scope"] : [])],
  },
  {
    route: "/api/batch/jobs/[jobId]",
    methods: ["GET"],
    access: { session: "batch.run" },
    probe: { what: "one job", method: "GET", url: () => `/api/batch/jobs/${fx.jobId}` },
    allowed: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true', fx.jobId, BUCKET)],
    outOfScope: notFoundJob,
  },
  {
    route: "/api/batch/jobs/[jobId]/items",
    methods: ["GET"],
    access: { session: "batch.run" },
    probe: { what: "a job's items", method: "GET", url: () => `/api/batch/jobs/${fx.jobId}/items?limit=10` },
    allowed: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true', fx.jobKey)],
    outOfScope: notFoundJob,
  },
  {
    route: "/api/batch/jobs/[jobId]/export",
    methods: ["GET"],
    access: { session: "batch.run" },
    probe: { what: "a job's results CSV", method: "GET", url: () => `/api/batch/jobs/${fx.jobId}/export` },
    allowed: (a) => [...csvDownload(a), ...expectText(a, fx.jobKey)],
    outOfScope: notFoundJob,
  },
  {
    route: "/api/audit/export",
    methods: ["GET"],
    access: { session: "audit.read" },
    probe: { what: "the audit CSV", method: "GET", url: () => "/api/audit/export?action=users.create" },
    allowed: (a) => [...csvDownload(a), ...expectText(a, fx.auditMarker)],
  },
  {
    route: "/api/cdn/logs",
    methods: ["GET"],
    access: { session: "cdn.read" },
    probe: {
      what: "a CDN log file",
      method: "GET",
      url: () => `/api/cdn/logs?${new URLSearchParams({ domain: fx.logDomain, day: fx.logDay, name: fx.logName })}`,
    },
    allowed: (a) => {
      const problems = [...expectStatus(a, 200)];
      if (a.headers.get("content-type") !== "application/gzip") problems.push(`content-type ${a.headers.get("content-type")}`);
      if (!a.headers.get("content-disposition")?.startsWith("attachment;")) problems.push("not a download");
      let log = "";
      try {
        log = gunzipSync(a.bytes).toString("utf8");
      } catch {
        problems.push("not gzip");
      }
      if (!log.includes(fx.logMarker)) problems.push("the log lacks the request made for it");
      return problems;
    },
    // The domain belongs to a bucket outside the scope: refused as an unknown domain, the file is never fetched.
    outOfScope: (a) => refusalProblems(a, 400, "cdn.unknown_domain"),
  },
  {
    route: "/api/buckets/[bucket]/zip",
    methods: ["GET", "POST"],
    access: { session: "objects.read" },
    probe: { what: "a folder as a zip", method: "GET", url: () => `/api/buckets/${BUCKET}/zip?${new URLSearchParams({ prefix: "authz-routes/" })}` },
    allowed: (a) => [
      ...expectStatus(a, 200),
      ...(a.headers.get("content-type") === "application/zip" ? [] : [`content-type ${a.headers.get("content-type")}`]),
      ...(a.bytes.subarray(0, 2).toString("latin1") === "PK" ? [] : ["not a zip"]),
    ],
    // The fixtures' bucket is outside the scoped user's: refused before anything is listed or fetched.
    outOfScope: (a) => refusalProblems(a, 403, "forbidden"),
  },
  {
    route: "/api/buckets/[bucket]/urls",
    methods: ["GET", "POST"],
    access: { session: "objects.read" },
    probe: {
      what: "a folder's signed URL list",
      method: "GET",
      url: () => `/api/buckets/${BUCKET}/urls?${new URLSearchParams({ prefix: "authz-routes/", format: "csv" })}`,
    },
    allowed: (a) => [
      ...expectStatus(a, 200),
      ...(a.headers.get("content-type")?.startsWith("text/csv") ? [] : [`content-type ${a.headers.get("content-type")}`]),
      ...(a.headers.get("content-disposition")?.startsWith('attachment; filename="authz-routes.csv"')
        ? []
        : [`content-disposition ${a.headers.get("content-disposition")}`]),
      ...expectText(a, "key,size,url"),
    ],
    outOfScope: (a) => refusalProblems(a, 403, "forbidden"),
  },
  // ---- The guarded GET reads (server/http/route-guard.ts defineRoute): JSON { ok, data } ----
  ...(
    [
      ["objects", "a folder listing", { prefix: "" }, "README.txt"],
      ["object", "an object's facts", { key: "README.txt" }, '"fsize"'],
      ["thumbnails", "thumbnail links", { "keys[]": "README.txt" }, "imageView2"],
      ["preview", "an object's first bytes", { key: "README.txt" }, '"text"'],
      ["prefix-stats", "a folder's size and count", { prefix: "authz-routes/" }, '"data":'],
    ] as const
  ).map(([name, what, query, shows]): RouteRow => ({
    route: `/api/buckets/[bucket]/${name}`,
    methods: ["GET"],
    access: { session: "objects.read" },
    probe: { what, method: "GET", url: () => `/api/buckets/${BUCKET}/${name}?${new URLSearchParams(query)}` },
    allowed: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true', shows)],
    // The fixtures' bucket is outside the scoped user's: refused before Qiniu is asked.
    outOfScope: (a) => refusalProblems(a, 403, "forbidden"),
  })),
  ...(
    [
      ["traffic", "CDN traffic", () => ({ "domains[]": fx.logDomain, startDate: fx.logDay, endDate: fx.logDay, granularity: "day" }), '"flux"'],
      ["analysis", "CDN analysis", () => ({ "domains[]": fx.logDomain, startDate: fx.logDay, endDate: fx.logDay }), '"codes"'],
      ["breakdown", "CDN breakdown by region and ISP", () => ({ "domains[]": fx.logDomain, startDate: fx.logDay, endDate: fx.logDay }), '"isps"'],
      ["log-files", "CDN log files", () => ({ "domains[]": fx.logDomain, day: fx.logDay }), "/api/cdn/logs?"],
    ] as const
  ).map(([name, what, query, shows]): RouteRow => ({
    route: `/api/cdn/${name}`,
    methods: ["GET"],
    access: { session: "cdn.read" },
    probe: { what, method: "GET", url: () => `/api/cdn/${name}?${new URLSearchParams(query())}` },
    allowed: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true', shows)],
    // The domain belongs to a bucket outside the scope: refused as an unknown domain, Qiniu is not asked for its data.
    outOfScope: (a) => refusalProblems(a, 400, "cdn.unknown_domain"),
  })),
  {
    route: "/api/cdn/quota",
    methods: ["GET"],
    access: { session: "cdn.read" },
    probe: { what: "today's CDN quota", method: "GET", url: () => "/api/cdn/quota" },
    allowed: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true', '"urlRemaining"')],
  },
  {
    route: "/api/cdn/alerts",
    methods: ["GET"],
    access: { session: "cdn.read" },
    probe: { what: "CDN alert rules and history", method: "GET", url: () => "/api/cdn/alerts" },
    allowed: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true', '"rules"')],
  },
  {
    route: "/api/cdn/tasks",
    methods: ["GET"],
    access: { session: "cdn.read" },
    probe: { what: "CDN task history", method: "GET", url: () => "/api/cdn/tasks?kind=refresh&pageNo=0&pageSize=5" },
    allowed: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true', '"items"')],
  },
  {
    route: "/api/processing/jobs",
    methods: ["GET"],
    access: { session: "pfop.read" },
    probe: { what: "processing jobs", method: "GET", url: () => "/api/processing/jobs?limit=5" },
    allowed: (a) => [...expectStatus(a, 200), ...expectText(a, '"ok":true', '"jobs"')],
  },
  {
    route: "/api/health",
    methods: ["GET"],
    access: { public: "the start script and load balancers poll it; it says only whether the console, its Qiniu and its database are up, and its mode" },
    publicProbes: [
      {
        what: "health",
        method: "GET",
        url: () => "/api/health",
        expect: (a) => [...expectStatus(a, 200), ...(a.text === '{"ok":true,"mode":"emulator"}' ? [] : [`body ${a.text.slice(0, 100)}`])],
      },
    ],
  },
  {
    route: "/api/qiniu/callback",
    methods: ["POST"],
    access: { public: "Qiniu calls it after an upload; the QBox signature over the body (our Secret Key) is the authentication" },
    publicProbes: [
      {
        what: "an unsigned callback",
        method: "POST",
        url: () => "/api/qiniu/callback",
        headers: () => ({ "content-type": "application/x-www-form-urlencoded" }),
        body: () => callbackBody("unsigned"),
        expect: (a) => refusedCallback(a),
      },
      {
        what: "a callback signed with another secret",
        method: "POST",
        url: () => "/api/qiniu/callback",
        headers: () => ({ "content-type": "application/x-www-form-urlencoded", authorization: signCallback(callbackBody("forged"), "not-the-secret-key") }),
        body: () => callbackBody("forged"),
        expect: (a) => refusedCallback(a),
      },
    ],
  },
  {
    route: "/api/qiniu/pfop-notify",
    methods: ["POST"],
    access: {
      public:
        "Qiniu POSTs a finished job's status unsigned (docs/qiniu-protocol.md §9): only ids the console submitted are taken, and the status is read back from Qiniu with our keys, never from the body",
    },
    publicProbes: [
      {
        what: "a notification for a job the console never submitted",
        method: "POST",
        url: () => "/api/qiniu/pfop-notify",
        headers: () => ({ "content-type": "application/json" }),
        body: () => JSON.stringify({ id: `z0.authz-${run}`, code: 0, items: [{ cmd: "avthumb/mp4", code: 0, key: "forged.mp4" }] }),
        expect: (a) => [...expectStatus(a, 404), ...(a.text === '{"error":"unknown persistentId"}' ? [] : [`body ${a.text.slice(0, 100)}`])],
      },
      {
        what: "a body that is not JSON",
        method: "POST",
        url: () => "/api/qiniu/pfop-notify",
        body: () => "id=z0.x",
        expect: (a) => [...expectStatus(a, 400), ...(a.text === '{"error":"body is not JSON"}' ? [] : [`body ${a.text.slice(0, 100)}`])],
      },
    ],
  },
  {
    route: "/api/session",
    methods: ["GET"],
    access: {
      public:
        "the expiry warning's poll: when the caller's own session ends, nothing else; it must not count as activity, so it reads the session without the route wrapper",
    },
    publicProbes: [
      {
        what: "the session's expiry",
        method: "GET",
        url: () => "/api/session",
        expect: (a, caller) => {
          const body = json(a);
          const problems = EFFECTIVE[caller]
            ? [...expectStatus(a, 200), ...(Object.keys(body).sort().join() === "active,endsAt,idleMs,now,reason" ? [] : [`keys ${Object.keys(body).join()}`])]
            : [...expectStatus(a, 401), ...(a.text === '{"active":false}' ? [] : [`body ${a.text.slice(0, 100)}`])];
          for (const s of ["@", "role", "admin", "editor", "scopes", "name"]) if (a.text.includes(s)) problems.push(`carries ${s}`);
          return problems;
        },
      },
    ],
  },
  {
    route: "/api/auth/[...nextauth]",
    methods: ["GET", "POST"],
    access: { public: "next-auth's own endpoints: the login form needs them before there is a session" },
    publicProbes: [
      {
        what: "the CSRF token",
        method: "GET",
        url: () => "/api/auth/csrf",
        expect: (a) => [...expectStatus(a, 200), ...(/^\{"csrfToken":"[0-9a-f]{64}"\}$/.test(a.text) ? [] : [`body ${a.text.slice(0, 100)}`])],
      },
      {
        what: "the sign-in providers",
        method: "GET",
        url: () => "/api/auth/providers",
        expect: (a) => {
          const body = json(a);
          return [
            ...expectStatus(a, 200),
            ...(Object.keys(body).sort().join() === "credentials,oidc" ? [] : [`providers ${Object.keys(body).join()}`]),
            ...(a.text.includes(env.OIDC_CLIENT_SECRET) ? ["leaks the OIDC client secret"] : []),
          ];
        },
      },
      {
        what: "the session",
        method: "GET",
        url: () => "/api/auth/session",
        // Only the opaque claims of the caller's own cookie; never who the user is or what they may do. A valid session
        // gets all four; no cookie, or one that does not decrypt or has expired, gets nothing.
        expect: (a, caller) => {
          const keys = Object.keys(json(a)).sort().join();
          const undecryptable = ["none", "expired", "foreignSecret", "tampered", "unencrypted"].includes(caller);
          const want = undecryptable ? [""] : EFFECTIVE[caller] ? ["expires,sid,sv,uid"] : ["", "expires,sid,sv,uid", "expires,sv,uid"];
          const problems = [...expectStatus(a, 200)];
          if (!want.includes(keys)) problems.push(`session keys "${keys}", expected ${want.map((w) => `"${w}"`).join(" or ")}`);
          for (const s of ["@", "role", "admin", "editor", "scopes", "name"]) if (a.text.includes(s)) problems.push(`session carries ${s}`);
          return problems;
        },
      },
    ],
  },
];

// ---- Callback signing (as Qiniu does, with the official SDK) ----

function callbackBody(tag: string): string {
  const seal = `deadline=${Math.floor(Date.now() / 1000) + 600}&host=${encodeURIComponent(new URL(base).host)}`;
  return `key=authz-routes%2F${run}-${tag}.txt&hash=Fto5o-5ea0sNMlW_75VgGJCv2AcJ&fsize=0&mimeType=text%2Fplain&bucket=${BUCKET}&endUser=x&batch=b&user=x&overwrite=0&${seal}`;
}

function signCallback(body: string, secretKey: string): string {
  return qiniu.util.generateAccessToken(new qiniu.auth.digest.Mac(accessKey, secretKey), `${base}/api/qiniu/callback`, body);
}

const refusedCallback = (a: Answer) => [
  ...expectStatus(a, 401),
  ...(a.text === '{"error":"invalid callback signature"}' ? [] : [`body ${a.text.slice(0, 100)}`]),
];

// ---- Setting up the callers ----

async function sessionCookieOf(ctx: APIRequestContext): Promise<string> {
  const cookie = (await ctx.storageState()).cookies.find((c) => c.name === SESSION_COOKIE);
  expect(cookie, "a session cookie after signing in").toBeDefined();
  return cookie!.value;
}

async function signedIn(creds: Credentials): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext();
  expect(await signInOverHttp(ctx, creds), `sign in ${creds.email}`).toEqual({ ok: true });
  return ctx;
}

const action = (file: string, name: string) => {
  const found = built.find((a) => a.filename === file && a.exportedName === name);
  if (!found) throw new Error(`${file}#${name} is not in the build's server-reference manifest`);
  return found;
};

async function act<T = unknown>(
  ctx: APIRequestContext,
  file: string,
  name: string,
  input: unknown,
): Promise<{ ok: boolean; data?: T; error?: { code: string } }> {
  const res = await callAction(ctx, base, action(file, name), [input]);
  expect(res.result, `${name}: HTTP ${res.status} ${res.body.slice(0, 200)}`).toBeDefined();
  return res.result as { ok: boolean; data?: T; error?: { code: string } };
}

async function newUser(
  tag: string,
  role: Role,
  scopes: { bucket: string; prefix: string }[] = [],
): Promise<{ id: string; creds: Credentials; ctx: APIRequestContext }> {
  const creds = { email: `${tag}-${run}@authz-routes.test`, password: `${tag}-password-${run}` };
  const created = await act<{ user: { id: string } }>(admin, "server/actions/users.ts", "createUser", { ...creds, role, scopes });
  expect(created.ok, `create ${creds.email}: ${JSON.stringify(created.error)}`).toBe(true);
  return { id: created.data!.user.id, creds, ctx: await signedIn(creds) };
}

async function signOutOverHttp(ctx: APIRequestContext): Promise<void> {
  const { csrfToken } = (await (await ctx.get(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
  const res = await ctx.post(`${base}/api/auth/signout`, { form: { csrfToken, callbackUrl: `${base}/login`, json: "true" }, maxRedirects: 0 });
  expect(res.status(), "sign-out").toBe(200);
}

/** The batch jobs list answers an editor: used to show each stale session really worked before it went stale. */
async function worksNow(cookie: string): Promise<number> {
  return (await rawRequest("GET", "/api/batch/jobs", { cookie })).status;
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  built = builtActions();
  accessKey = (await emulatorInfo()).accessKey;
  admin = await signedIn(E2E_USERS.admin);
  cookies.set("admin", await sessionCookieOf(admin));
  for (const role of ["editor", "ops", "viewer"] as const) {
    const created = await act(admin, "server/actions/users.ts", "createUser", { ...E2E_USERS[role], role });
    if (!created.ok) expect(created.error?.code, `create the e2e ${role}`).toBe("conflict"); // another spec may have made it
    const ctx = await signedIn(E2E_USERS[role]);
    cookies.set(role, await sessionCookieOf(ctx));
    await ctx.dispose();
  }

  // Fixtures: a draft batch job in demo-public (changes nothing in storage), a CDN log with a request of ours in it,
  // and audit records naming this run's users.
  const job = await act<{ jobId: string }>(admin, "server/actions/batch.ts", "createBatchJob", {
    kind: "keys",
    bucket: BUCKET,
    operation: { op: "stat" },
    keys: [{ key: fx.jobKey }],
    final: false,
  });
  expect(job.ok, JSON.stringify(job.error)).toBe(true);
  fx.jobId = job.data!.jobId;
  const info = await emulatorInfo();
  const origin = info.buckets[BUCKET].domain.replace(/\/+$/, "");
  expect((await fetch(`${origin}/README.txt?${fx.logMarker}=1`)).status).toBe(200);
  fx.logDomain = new URL(origin).host;
  fx.logDay = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // CDN days are Beijing days
  const logsAnswer = await admin.get(
    `${base}/api/cdn/log-files?${new URLSearchParams([
      ["domains[]", fx.logDomain],
      ["day", fx.logDay],
    ])}`,
  );
  const logs = (await logsAnswer.json()) as { ok: boolean; data?: Record<string, { name: string; href: string }[]>; error?: unknown };
  expect(logs.ok, JSON.stringify(logs.error)).toBe(true);
  // Logs come one file per Beijing hour (`<domain>_<day>-<HH>_part-00000.gz`): the marker request is in the latest.
  fx.logName =
    (logs.data![fx.logDomain] ?? [])
      .map((f) => f.name)
      .sort()
      .at(-1) ?? "";
  expect(fx.logName, "a CDN log for today").not.toBe("");

  // Users of this run. Each stale session is shown to work first, then made stale the way STALE says.
  const scoped = await newUser("scoped", "editor", [{ bucket: "demo-private", prefix: "" }]);
  fx.auditMarker = scoped.creds.email;
  cookies.set("scoped", await sessionCookieOf(scoped.ctx));
  const made = await Promise.all(
    (["disabled", "reenabled", "passwordReset", "ownPasswordChanged", "signedOut", "demoted"] as const).map(async (tag) => ({
      tag,
      ...(await newUser(tag.toLowerCase(), "editor")),
    })),
  );
  for (const u of made) {
    const cookie = await sessionCookieOf(u.ctx);
    expect(await worksNow(cookie), `${u.tag}'s session before it goes stale`).toBe(200);
    cookies.set(u.tag, cookie);
  }
  const user = (tag: string) => made.find((u) => u.tag === tag)!;
  const users = "server/actions/users.ts";
  expect((await act(admin, users, "setUserDisabled", { id: user("disabled").id, disabled: true })).ok).toBe(true);
  expect((await act(admin, users, "setUserDisabled", { id: user("reenabled").id, disabled: true })).ok).toBe(true);
  expect((await act(admin, users, "setUserDisabled", { id: user("reenabled").id, disabled: false })).ok).toBe(true);
  expect((await act(admin, users, "resetUserPassword", { id: user("passwordReset").id, password: `new-password-${run}` })).ok).toBe(true);
  const own = user("ownPasswordChanged");
  expect((await act(own.ctx, users, "changeOwnPassword", { currentPassword: own.creds.password, newPassword: `new-password-${run}` })).ok).toBe(true);
  expect((await act(admin, users, "updateUserAccess", { id: user("demoted").id, role: "viewer", scopes: [] })).ok).toBe(true);
  await signOutOverHttp(user("signedOut").ctx);
  // Renewing the kept copy at /api/auth/session yields a fresh cookie of the same (ended) session.
  const renewal = await rawRequest("GET", "/api/auth/session", { cookie: cookies.get("signedOut") });
  const renewed = renewal.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  expect(renewed, "/api/auth/session renews a kept cookie").toBeDefined();
  cookies.set("signedOutRenewed", renewed!.split(";")[0].slice(SESSION_COOKIE.length + 1));
  for (const ctx of [scoped.ctx, ...made.map((u) => u.ctx)]) await ctx.dispose();

  // Forged tokens, from the admin's real claims with one thing wrong each (the secret is the e2e server's).
  const secret = env.NEXTAUTH_SECRET;
  const claims = (await decode({ token: cookies.get("admin")!, secret })) as JWT;
  expect(claims).toMatchObject({ uid: expect.any(String), sv: expect.any(Number), sid: expect.any(String) });
  const own3 = { uid: claims.uid, sv: claims.sv, sid: claims.sid };
  cookies.set("reencoded", await encode({ token: own3, secret }));
  cookies.set("expired", await encode({ token: own3, secret, maxAge: -60 }));
  cookies.set("foreignSecret", await encode({ token: own3, secret: `${secret}-but-another-one` }));
  cookies.set("unknownUser", await encode({ token: { ...own3, uid: randomUUID() }, secret }));
  cookies.set("oldVersion", await encode({ token: { ...own3, sv: claims.sv! - 1 }, secret }));
  cookies.set("noSessionId", await encode({ token: { uid: claims.uid, sv: claims.sv }, secret }));
  const real = cookies.get("admin")!;
  const at = Math.floor(real.length / 2);
  cookies.set("tampered", real.slice(0, at) + (real[at] === "A" ? "B" : "A") + real.slice(at + 1));
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  cookies.set("unencrypted", `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...own3, exp: Math.floor(Date.now() / 1000) + 3600 })}.`);
  expect(CALLERS.filter((c) => c !== "none" && !cookies.get(c))).toEqual([]);
});

test.afterAll(async () => {
  await admin?.dispose();
});

test("every route handler in the build is in the table, with exactly the methods it exports", async () => {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "../..", distDir, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const inBuild = Object.entries(manifest)
    .filter(([entry]) => entry.endsWith("/route"))
    .map(([, route]) => route)
    .sort();
  expect(inBuild.length).toBeGreaterThanOrEqual(10);
  const inTable = ROUTES.map((r) => r.route).sort();
  expect(
    inBuild.filter((r) => !inTable.includes(r)),
    "route handlers missing from ROUTES in this spec: add them",
  ).toEqual([]);
  expect(
    inTable.filter((r) => !inBuild.includes(r)),
    "ROUTES names routes the build does not have",
  ).toEqual([]);

  for (const row of ROUTES) {
    const url = row.probe?.url() ?? row.publicProbes![0].url();
    // Next answers OPTIONS itself with the methods the module exports (plus HEAD for GET, and OPTIONS).
    const options = await send("none", "OPTIONS", url);
    expect(options.status, `OPTIONS ${url}`).toBe(204);
    const allow = (options.headers.get("allow") ?? "")
      .split(",")
      .map((m) => m.trim())
      .filter((m) => m && m !== "OPTIONS" && m !== "HEAD");
    expect(allow.sort(), `methods of ${row.route}: update its row in ROUTES`).toEqual([...row.methods].sort());
    // Any other method is refused before a handler runs, even for the admin.
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !row.methods.includes(m))) {
      expect((await send("admin", method, url, { body: method === "GET" ? undefined : "{}" })).status, `${method} ${url}`).toBe(405);
    }
  }
});

test("every route × every caller: the right status, and nothing for those refused", async () => {
  test.setTimeout(60_000);
  const problems: string[] = [];
  const tally = { allowed: 0, refused: 0, public: 0 };
  for (const row of ROUTES) {
    for (const caller of CALLERS) {
      const note = (list: string[], what: string) => problems.push(...list.map((p) => `${row.route} (${what}) as ${caller}: ${p}`));
      if ("public" in row.access) {
        for (const probe of row.publicProbes!) {
          const a = await send(caller, probe.method, probe.url(), { body: probe.body?.(), headers: probe.headers?.() });
          note(probe.expect(a, caller), probe.what);
          tally.public++;
        }
        continue;
      }
      const probe = row.probe!;
      const a = await send(caller, probe.method, probe.url());
      const role = EFFECTIVE[caller];
      if (!role) note(refusalProblems(a, 401, "unauthorized"), probe.what);
      else if (!roleHas(role, row.access.session)) note(refusalProblems(a, 403, "forbidden"), probe.what);
      else if (caller === "scoped" && row.outOfScope) note(row.outOfScope(a), probe.what);
      else note(row.allowed!(a, caller), probe.what);
      tally[role && roleHas(role, row.access.session) ? "allowed" : "refused"]++;
      // HEAD runs the GET handler without a body: refused alike.
      if (!role && probe.method === "GET") {
        const head = await send(caller, "HEAD", probe.url());
        if (head.status !== 401 || head.bytes.length > 0) note([`HEAD answered ${head.status} with ${head.bytes.length} bytes`], probe.what);
      }
    }
  }
  expect(problems).toEqual([]);
  // Both outcomes occurred for real (the matrix cannot pass by allowing or refusing everything).
  expect(tally.allowed).toBeGreaterThanOrEqual(15);
  expect(tally.refused).toBeGreaterThanOrEqual(80);
});

test("public routes: a genuine Qiniu callback is taken, so the refusals above are about the signature", async () => {
  const body = callbackBody("genuine");
  const a = await send("none", "POST", "/api/qiniu/callback", {
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: signCallback(body, env.EMULATOR_SECRET_KEY) },
  });
  expect(a.status, a.text).toBe(200);
  expect(json(a)).toMatchObject({ recorded: true, key: `authz-routes/${run}-genuine.txt`, bucket: BUCKET });
  // A signed-in admin's cookie is no substitute for the signature.
  const withCookie = await send("admin", "POST", "/api/qiniu/callback", {
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", Origin: base },
  });
  expect(refusedCallback(withCookie)).toEqual([]);
});

test("cross-site: reads answer another site only as a followed link; changes need our origin or next-auth's CSRF token", async () => {
  const evil = { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" };
  for (const row of ROUTES.filter((r) => "session" in r.access)) {
    const url = row.probe!.url();
    // Another site's fetch/XHR/img with the admin's cookie (as if SameSite did not hold it back): refused, no data.
    for (const mode of ["cors", "no-cors"]) {
      const a = await send("admin", "GET", url, { headers: { ...evil, "Sec-Fetch-Mode": mode, "Sec-Fetch-Dest": "empty" } });
      expect(refusalProblems(a, 403, "cross_site"), `${url} fetched by another site (${mode})`).toEqual([]);
    }
    // A link on another site that the user follows: a top-level navigation, answered (a download, or JSON in the
    // user's own tab; the other site reads nothing).
    const nav = await send("admin", "GET", url, { headers: { ...evil, "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document" } });
    expect(row.allowed!(nav, "admin"), `${url} as a followed link`).toEqual([]);
    // No CORS: no other origin can read an answer, whatever it sends.
    const cors = await send("admin", "GET", url, { headers: { Origin: "https://evil.example" } });
    expect(cors.headers.get("access-control-allow-origin"), url).toBeNull();
    expect(cors.headers.get("access-control-allow-credentials"), url).toBeNull();
  }

  // Public POST routes: another site's Origin and the admin's cookie change nothing (the signature decides).
  const body = callbackBody("cross-site");
  const forged = await send("admin", "POST", "/api/qiniu/callback", {
    body,
    headers: { ...evil, "Sec-Fetch-Mode": "cors", "content-type": "application/x-www-form-urlencoded" },
  });
  expect(refusedCallback(forged)).toEqual([]);

  // Login CSRF: a cross-site form post to the credentials callback carries no next-auth CSRF cookie (SameSite=Lax),
  // so even with a token that once was valid, and the right password, nobody is signed in.
  const { csrfToken } = json(await rawRequest("GET", "/api/auth/csrf")) as { csrfToken: string };
  const login = await rawRequest("POST", "/api/auth/callback/credentials", {
    headers: { ...evil, "Sec-Fetch-Mode": "navigate", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: E2E_USERS.admin.email, password: E2E_USERS.admin.password, json: "true" }).toString(),
  });
  expect(login.headers.getSetCookie().filter((c) => c.startsWith(`${SESSION_COOKIE}=`))).toEqual([]);
  expect(login.headers.get("location") ?? (json(login) as { url?: string }).url).toContain("csrf=true");

  // Logout CSRF: a cross-site post to sign-out without the CSRF pair does not end the session.
  const victim = await signedIn(E2E_USERS.viewer);
  const victimCookie = await sessionCookieOf(victim);
  await victim.dispose();
  const logout = await rawRequest("POST", "/api/auth/signout", {
    cookie: victimCookie,
    headers: { ...evil, "Sec-Fetch-Mode": "navigate", "content-type": "application/x-www-form-urlencoded" },
    body: "json=true",
  });
  expect(logout.status).toBeLessThan(500);
  expect(
    logout.headers.getSetCookie().filter((c) => c.startsWith(`${SESSION_COOKIE}=`)),
    "sign-out did not clear the cookie",
  ).toEqual([]);
  expect((await rawRequest("GET", "/api/cdn/logs?domain=x", { cookie: victimCookie })).status, "still signed in (400 = input refused, not 401)").toBe(400);
});

test("the session cookie is HttpOnly, SameSite=Lax, host-only, and lives no longer than a session", async () => {
  const { csrfToken } = await (await admin.get(`${base}/api/auth/csrf`)).json();
  const res = await admin.post(`${base}/api/auth/callback/credentials`, {
    form: { csrfToken, email: E2E_USERS.admin.email, password: E2E_USERS.admin.password, json: "true" },
    maxRedirects: 0,
  });
  const setCookies = res
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
  const session = setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  expect(session, setCookies.join("\n")).toBeDefined();
  const attrs = session!
    .split(";")
    .slice(1)
    .map((s) => s.trim());
  const attr = (name: string) => attrs.find((a) => a.toLowerCase().startsWith(name.toLowerCase()));
  expect(attrs).toContain("HttpOnly"); // no script, ours or injected, can read it
  expect(attrs).toContain("SameSite=Lax"); // other sites' subrequests and form posts go without it
  expect(attrs).toContain("Path=/");
  expect(attr("Domain"), "host-only: no sibling domain receives it").toBeUndefined();
  // Secure is set when the console's URL is https (NEXTAUTH_URL); this run is plain http on loopback.
  expect(attr("Secure")).toBeUndefined();
  const expires = Date.parse(attr("Expires")!.slice("Expires=".length));
  const hours = Number(process.env.CONSOLE_SESSION_HOURS ?? 12); // the absolute lifetime (server/config.ts)
  expect(expires).toBeGreaterThan(Date.now() + (hours - 0.1) * 3600_000);
  expect(expires).toBeLessThanOrEqual(Date.now() + hours * 3600_000 + 60_000);
  for (const name of ["next-auth.csrf-token", "next-auth.callback-url"]) {
    const c = (await admin.storageState()).cookies.find((x) => x.name === name);
    expect(c, name).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  }
});

test("in Chromium, another site's page gets nothing from the routes; a link the user follows still downloads", async ({ browser }) => {
  const context = await browser.newContext();
  try {
    expect(await signInOverHttp(context.request, E2E_USERS.admin)).toEqual({ ok: true });
    const page = await context.newPage();
    // "localhost" is another site than "127.0.0.1" (the console's host), whatever the port.
    const attacker = "http://localhost:4567/attacker.html";
    const target = `${base}/api/batch/jobs/${fx.jobId}/export`;
    await page.route(attacker, (route) => route.fulfill({ contentType: "text/html", body: `<!doctype html><a id="go" href="${target}">results</a>` }));
    // What Chromium really sent (allHeaders includes the Cookie header the network stack added).
    const seen: Promise<{ navigation: boolean; cookie: boolean }>[] = [];
    page.on("request", (req) => {
      if (!req.url().startsWith(`${base}/api/`)) return;
      seen.push(req.allHeaders().then((h) => ({ navigation: req.isNavigationRequest(), cookie: (h.cookie ?? "").includes(SESSION_COOKIE) })));
    });
    await page.goto(attacker);
    const read = await page.evaluate(async (url) => {
      const out: string[] = [];
      try {
        const r = await fetch(url, { credentials: "include" });
        out.push(`read ${r.status}: ${(await r.text()).slice(0, 80)}`);
      } catch {
        out.push("fetch blocked");
      }
      try {
        const r2 = await fetch(url, { credentials: "include", mode: "no-cors" });
        out.push(`no-cors ${r2.type}: ${(await r2.text()).slice(0, 80)}`);
      } catch {
        out.push("no-cors blocked"); // opaque response blocking turns a JSON answer into a network error
      }
      return out;
    }, target);
    expect(read[0]).toBe("fetch blocked");
    expect(["no-cors blocked", "no-cors opaque: "]).toContain(read[1]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#go")]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv).toContain(fx.jobKey);
    await expect.poll(() => seen.length).toBe(3);
    // The two scripted requests went without the session cookie (SameSite=Lax; the route would refuse them as
    // cross-site anyway, see above); the followed link carried it.
    expect(await Promise.all(seen)).toEqual([
      { navigation: false, cookie: false },
      { navigation: false, cookie: false },
      { navigation: true, cookie: true },
    ]);
  } finally {
    await context.close();
  }
});
