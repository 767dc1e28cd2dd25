// Hostile input against every server action in the build, through the real HTTP endpoint as an admin (the most
// powerful caller): random and malicious payloads (wrong types, huge strings, odd Unicode, `../`, NUL, prototype keys,
// deep nesting) always come back as `{ ok:false, error:{code,message} }` with a clear message — never a crash
// (`internal`), never a stack, an internal path or a secret — and refused input changes nothing: no successful change in
// the audit log, no change in the emulator's objects. Plus malformed requests to the action endpoint itself.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import Papa from "papaparse";
import qiniu from "qiniu";
import { emulatorInfo, type EmulatorInfo } from "../support/buckets-e2e";
import { E2E_ADMIN, e2eServerEnv } from "../support/e2e-env";
import { e2eBaseUrl, signInOverHttp } from "../support/e2e-login";
import { fuzzRuns, fuzzSeed } from "../support/fuzz-seed";
import { hostileString, hostileValue, leakProblems, wrongType } from "../support/hostile";
import type { CatalogEntry } from "../support/action-catalog";
import { actionCatalogFromSource, builtActions, callAction, type BuiltAction } from "../support/server-action-http";

const base = e2eBaseUrl();
const BUCKET = "fuzz-actions";
const KEYS = ["keep/a.txt", "keep/b.json", "top.txt"];
const env = e2eServerEnv();
const SECRETS = [env.EMULATOR_SECRET_KEY, env.NEXTAUTH_SECRET, E2E_ADMIN.password];
const PATHS = ["/work/main", env.CONSOLE_HOME];
const RUNS_PER_ACTION = fuzzRuns(Number(process.env.ACTION_FUZZ_RUNS ?? 8));

/** Read-only actions (and ones whose success creates nothing lasting): a success with odd input is fine. */
const MAY_SUCCEED = new Set([
  "getBucketContext",
  "listBucketOverview",
  "planObjectRefresh",
  "signAntiLeechUrl",
  "getObjectUrl",
  "startPrefixStats",
  "issueUploadTokens",
  // a CDN refresh of any key on a real bucket's domain is a valid request (Qiniu does not check that the key exists);
  // it changes no stored object
  "refreshObjects",
  // bucket management's reads (server/actions/bucket-admin.ts, bucket-rules.ts)
  "getBucketSettingsView",
  "getCorsRules",
  "getLifecycleRules",
  "getEventRules",
  "getBucketQuota",
  "getBucketTags",
  "getBucketUsage",
  // the account's own: a pending two-factor secret (inactive until a code confirms it), and "continue" in the expiry warning
  "startTwoFactorEnrolment",
  "keepSessionAlive",
]);

/** Field names the actions' schemas use (server/actions, their schemas), so the fuzz reaches past "unknown shape". */
const FIELDS = [
  "bucket",
  "key",
  "keys",
  "prefix",
  "marker",
  "limit",
  "query",
  "kind",
  "op",
  "overwrite",
  "jobId",
  "id",
  "days",
  "urls",
  "dirs",
  "scopes",
  "role",
  "email",
  "password",
  "newPassword",
  "currentPassword",
  "disabled",
  "name",
  "relativePath",
  "force",
  "final",
  "confirm",
  "type",
  "to",
  "from",
  "target",
  "suffix",
  "size",
  "scheme",
  "replace",
  "find",
  "raw",
  "presets",
  "preset",
  "persistentId",
  "path",
  "pageSize",
  "pageNo",
  "origin",
  "mimeType",
  "mime",
  "hash",
  "freezeAfterDays",
  "fops",
  "expiresIn",
  "enabled",
  "download",
  "domain",
  "domains",
  "startDate",
  "endDate",
  "granularity",
  "day",
  "url",
  "files",
  "items",
  "keyIndex",
  "input",
  "before",
  "beforeExtension",
  "__proto__",
  "constructor",
];

let admin: APIRequestContext;
let built: BuiltAction[];
let catalog: CatalogEntry[];
let info: EmulatorInfo;

function sdk() {
  const e = info.endpoints;
  const host = (u: string) => new URL(u).host;
  (qiniu.conf as unknown as { UC_HOST: string }).UC_HOST = host(e.uc);
  const mac = new qiniu.auth.digest.Mac(info.accessKey, env.EMULATOR_SECRET_KEY);
  const zone = new qiniu.conf.Zone([host(e.up)], [], host(e.io), host(e.rs), host(e.rsf), host(e.api));
  const config = new qiniu.conf.Config({ zone, useHttpsDomain: false });
  return { mac, bucketManager: new qiniu.rs.BucketManager(mac, config), formUploader: new qiniu.form_up.FormUploader(config) };
}

/** Every object of the fuzz bucket with what would show a change (content, type, MIME, status, lifecycle). */
async function snapshot(): Promise<string> {
  const { bucketManager } = sdk();
  const listed = await bucketManager.listPrefix(BUCKET, { limit: 1000 });
  expect(listed.resp.statusCode).toBe(200);
  const items = (listed.data as { items: Record<string, unknown>[] }).items.map((i) => JSON.stringify(i)).sort();
  const buckets = await bucketManager.listBucket();
  return JSON.stringify({ items, buckets: ((buckets.data as string[]) ?? []).sort() });
}

/** Audit rows of successful changes by the admin (CSV export, admin only), as `action` names. */
async function okChanges(): Promise<string[]> {
  const res = await admin.get(`${base}/api/audit/export`);
  expect(res.status()).toBe(200);
  const rows = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
  return rows
    .filter((r) => r.actor === E2E_ADMIN.email && r.outcome === "ok" && r.action !== "auth.login" && r.action !== "audit.export")
    .map((r) => `${r.id} ${r.action}`);
}

test.beforeAll(async () => {
  built = builtActions();
  catalog = actionCatalogFromSource();
  info = await emulatorInfo();
  admin = await playwrightRequest.newContext();
  expect(await signInOverHttp(admin, E2E_ADMIN)).toEqual({ ok: true });
  const { mac, bucketManager, formUploader } = sdk();
  const made = await bucketManager.createBucket(BUCKET, { regionId: "z0" });
  expect([200, 614]).toContain(made.resp.statusCode);
  for (const key of KEYS) {
    const token = new qiniu.rs.PutPolicy({ scope: `${BUCKET}:${key}`, expires: 600 }).uploadToken(mac);
    const up = await formUploader.put(token, key, Buffer.from(`fuzz ${key}`), new qiniu.form_up.PutExtra());
    expect(up.resp.statusCode).toBe(200);
  }
});

test.afterAll(async () => {
  await admin?.dispose();
});

const bucketArb = fc.oneof(fc.constantFrom(BUCKET, "demo-public", "demo-private"), hostileValue);
const keyArb = fc.oneof(
  hostileString.filter((k) => !KEYS.includes(k)),
  wrongType,
);
/** Big, but under the 2 MB server-action body limit (beyond it the answer is 413: tested separately below). */
const bigString = fc.constantFrom(64 * 1024, 250 * 1024).chain((n) => fc.constantFrom("x", "é", "\u0000", "键").map((c) => c.repeat(n)));
/** A payload: wrong shapes, known field names with hostile values, or a plausible target with hostile details. */
const payloadArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: hostileValue },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      JSON.parse('{"__proto__":{"ok":true,"role":"admin"}}') as unknown,
      JSON.parse('{"constructor":{"prototype":{"isAdmin":true}}}') as unknown,
    ),
  },
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 5 }) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(bucketArb, keyArb, fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(hostileValue, fc.array(keyArb, { maxLength: 3 })), { maxKeys: 4 }))
      .map(([bucket, key, rest]) => ({ ...rest, bucket, key, keys: [key], prefix: typeof key === "string" ? key : "../" })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(bucketArb, bigString, fc.constantFrom("key", "prefix", "urls", "email", "password", "fops", "keys"))
      .map(([bucket, big, field]) => ({ bucket, key: "k", [field]: field.endsWith("s") ? [big] : big })),
  },
);

/** As React's encodeReply sends values: a string starting with `$` is escaped as `$$…` (else it is a reference). */
function asBrowserSends(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("$") ? `$${value}` : value;
  if (Array.isArray(value)) return value.map(asBrowserSends);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asBrowserSends(v)]));
  return value;
}

/** Every action gets these, whatever the random sample: the bytes databases and file systems choke on. */
const FIXED_PAYLOADS: unknown[] = ["a\u0000b", "../../etc/passwd", "x\ud800y", "\u202e"].map((s) => ({
  bucket: BUCKET,
  key: s,
  keys: [s],
  prefix: s,
  urls: [s],
  email: s,
  id: s,
  jobId: s,
  fops: s,
  domain: s,
  day: s,
}));

function judge(action: BuiltAction, input: unknown, status: number, result: unknown, body: string): string[] {
  const label = `${action.exportedName}(${JSON.stringify(input)?.slice(0, 160)})`;
  if (result === undefined) return [`${label}: HTTP ${status}, no action result: ${body.slice(0, 200)}`];
  const problems: string[] = [];
  const r = result as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  const text = JSON.stringify(result);
  for (const p of leakProblems(text, SECRETS, PATHS)) problems.push(`${label}: answer contains a ${p}`);
  if (r.ok === true) {
    if (!MAY_SUCCEED.has(action.exportedName)) problems.push(`${label}: a change was accepted`);
    return problems;
  }
  if (r.ok !== false || !r.error) return [...problems, `${label}: not an ActionResult: ${text.slice(0, 200)}`];
  if (typeof r.error.code !== "string" || r.error.code === "") problems.push(`${label}: error without a code`);
  if (typeof r.error.message !== "string" || r.error.message.trim() === "" || r.error.message.length > 2000)
    problems.push(`${label}: error without a clear message`);
  if (r.error.code === "internal") problems.push(`${label}: unexpected failure (internal): ${String(r.error.message)}`);
  if (r.error.code === "unauthorized" || r.error.code === "forbidden") problems.push(`${label}: the admin was refused (${String(r.error.code)})`);
  return problems;
}

test("every server action answers hostile input with a clear error, and nothing changes", async () => {
  test.setTimeout(300_000);
  expect(built.length).toBeGreaterThan(20);
  const before = await snapshot();
  const changesBefore = (await okChanges()).length;
  // Fixed in `npm test`, fresh under `npm run fuzz` (test/support/fuzz-seed.ts); printed either way.
  const seed = fuzzSeed("action-fuzz", "ACTION_FUZZ_SEED");
  test.info().annotations.push({ type: "seed", description: String(seed) });
  const problems: string[] = [];
  let calls = 0;
  for (const [i, action] of built.entries()) {
    const inputs = [...FIXED_PAYLOADS, ...fc.sample(payloadArb, { numRuns: RUNS_PER_ACTION, seed: seed + i })];
    // Also: no argument at all, two arguments, and a bare `undefined`.
    const argLists: unknown[][] = [[], [{}, {}], ...inputs.map((input) => [input])];
    for (const args of argLists) {
      const res = await callAction(admin, base, action, args.map(asBrowserSends));
      calls++;
      problems.push(...judge(action, args[0], res.status, res.result, res.body));
    }
  }
  expect(problems, `seed ${seed} (replay with ACTION_FUZZ_SEED=${seed})`).toEqual([]);
  expect(calls).toBeGreaterThan(built.length * RUNS_PER_ACTION);
  expect(await snapshot(), "the emulator's objects changed").toBe(before);
  // Successes of the read-only actions may be audited (e.g. signed links); no other change may have succeeded.
  const allowed = new Set(catalog.filter((c) => MAY_SUCCEED.has(c.exportName)).map((c) => c.name));
  const changed = (await okChanges()).slice(0, -changesBefore || undefined).filter((row) => !allowed.has(row.split(" ")[1]));
  expect(changed).toEqual([]);
});

test("the action endpoint refuses malformed requests without a stack or a crash", async () => {
  const action = built.find((a) => a.exportedName === "deleteObject") ?? built[0];
  const state = await admin.storageState();
  // A fresh connection per case: a request Next refuses mid-body may leave its connection unusable.
  const send = async (headers: Record<string, string>, data: string | Buffer) => {
    const ctx = await playwrightRequest.newContext({ storageState: state });
    try {
      const res = await ctx.post(`${base}${action.page}`, { headers: { Origin: base, Accept: "text/x-component", ...headers }, data, maxRedirects: 0 });
      return { status: res.status(), text: await res.text() };
    } finally {
      await ctx.dispose();
    }
  };
  const text = { "Next-Action": action.id, "Content-Type": "text/plain;charset=UTF-8" };
  // Each gets a 4xx with a short plain message: the request is at fault, not the server (Next alone answered 500).
  const cases: [string, Record<string, string>, string | Buffer, number][] = [
    ["garbage body", text, "not json at all \u0000", 400],
    ["unterminated JSON", text, '[{"bucket":"', 400],
    ["deep nesting", text, `${"[".repeat(5000)}${"]".repeat(5000)}`, 400],
    ["huge body", text, JSON.stringify([{ bucket: BUCKET, key: "x".repeat(3 * 1024 * 1024) }]), 413],
    // a `$` reference to a row that was never sent (React's own decoding refuses it)
    ["dangling reference", text, '["$@7"]', 400],
    ["bytes that are not UTF-8", text, Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]), 400],
    // Next answers an id it does not know with 409 ("Server Action unavailable": the page is from another build)
    ["unknown action id", { ...text, "Next-Action": "00".repeat(21) }, "[]", 409],
    ["traversal in the action id", { ...text, "Next-Action": "../../../../etc/passwd" }, "[]", 400],
    ["bad multipart", { "Next-Action": action.id, "Content-Type": "multipart/form-data; boundary=xyz" }, "--xyz\r\ngarbage", 400],
    [
      "multipart without its root part",
      { "Next-Action": action.id, "Content-Type": "multipart/form-data; boundary=xyz" },
      '--xyz\r\nContent-Disposition: form-data; name="1"\r\n\r\n[]\r\n--xyz--\r\n',
      400,
    ],
    ["another site's call", { ...text, Origin: "http://evil.example" }, "[]", 403],
  ];
  const before = await snapshot();
  const statuses: string[] = [];
  for (const [name, headers, data, expected] of cases) {
    const res = await send(headers, data);
    const body = res.text;
    expect(leakProblems(body, SECRETS, PATHS), `${name}: HTTP ${res.status} ${body.slice(0, 300)}`).toEqual([]);
    expect(body, name).not.toContain('"ok":true');
    expect(res.status, `${name}: ${body.slice(0, 200)}`).toBe(expected);
    expect(body.trim().length, `${name}: a clear message`).toBeGreaterThan(10);
    expect(body.length, `${name}: a short message`).toBeLessThan(300);
    statuses.push(`${name}: ${res.status}`);
  }
  console.log(`malformed action requests: ${statuses.join(", ")}`);
  expect(await snapshot()).toBe(before);
  // still serving
  expect((await admin.get(`${base}/api/health`)).status()).toBe(200);
});
