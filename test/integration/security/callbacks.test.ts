// Upload callbacks as an attacker would use them: the emulator makes a genuine, signed callback to the console's real
// handler (captured on the way), which is then replayed after its token expired and delivered to a host that is not the
// console's. The upload engineer's tests already cover forged, altered, unsigned and repeated callbacks
// (test/unit/server/upload/callback-route.test.ts) and token scope and expiry against the emulator
// (test/integration/upload/upload-tokens.test.ts); this file adds what they do not.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { decodeUploadToken } from "@/lib/qiniu/policy";
import { CALLBACK_GRACE_SECONDS, callbackBodyTemplate, sealCallbackBody } from "@/lib/upload/callback-fields";
import type { Uploader } from "@/lib/upload/plan";
import { TOKEN_BASE_SECONDS } from "@/lib/upload/plan";
import type { IssuedToken, TokenRequestFile } from "@/lib/upload/token-contract";
import { createUser } from "@/server/auth/users";
import { handleUploadCallback } from "@/server/upload/callback";
import { issueUploadTokens } from "@/server/upload/tokens";
import { openTestDb, type TestDb } from "../../support/db";
import { startEmulator, type RunningEmulator } from "../../support/emulator";

const B = "cb-sec";
let emu: RunningEmulator;
let testDb: TestDb;
let receiver: http.Server;
let editor: Uploader;
let publicHost = "";

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}
const captured: Captured[] = [];

/** The console's callback route on a loopback server, recording every request it gets. */
function startReceiver(db: TestDb["db"]): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      captured.push({ method: req.method ?? "POST", url: req.url ?? "/", headers, body: Buffer.concat(chunks) });
      const response = await deliver(db, captured.at(-1)!);
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(await response.text());
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Hands a (captured or replayed) callback request to the real handler, as Next would. */
function deliver(db: TestDb["db"], c: Captured, over: { host?: string; now?: () => number } = {}): Promise<Response> {
  const headers = new Headers(c.headers);
  if (over.host) headers.set("host", over.host);
  return handleUploadCallback(new Request(`http://${headers.get("host")}${c.url}`, { method: c.method, headers, body: new Uint8Array(c.body) }), {
    db,
    now: over.now,
  });
}

const file = (over: Partial<TokenRequestFile>): TokenRequestFile => ({
  id: "1",
  bucket: B,
  prefix: "team/",
  relativePath: "a.txt",
  size: 5,
  mimeType: "text/plain",
  overwrite: false,
  ...over,
});

function ok(t: IssuedToken): Extract<IssuedToken, { ok: true }> {
  if (!t.ok) throw new Error(`token refused: ${t.problem}`);
  return t;
}

async function upload(token: string, key: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const form = new FormData();
  form.set("token", token);
  form.set("key", key);
  form.set("file", new Blob([body], { type: "text/plain" }), key.split("/").pop()!);
  const res = await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function completions(key: string): Promise<number> {
  const rows = await testDb.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'upload.complete' AND target = $1", [key]);
  return rows[0].n;
}

beforeAll(async () => {
  [emu, testDb] = await Promise.all([startEmulator(), openTestDb("pglite")]);
  receiver = await startReceiver(testDb.db);
  publicHost = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const e = emu.endpoints;
  Object.assign(process.env, {
    QINIU_ACCESS_KEY: emu.accessKey,
    QINIU_SECRET_KEY: emu.secretKey,
    QINIU_UP_HOST: e.up,
    QINIU_IO_HOST: e.io,
    QINIU_RS_HOST: e.rs,
    QINIU_RSF_HOST: e.rsf,
    QINIU_API_HOST: e.api,
    QINIU_UC_HOST: e.uc,
    QINIU_FUSION_HOST: e.fusion,
    CONSOLE_EMULATOR: "1",
    CONSOLE_PUBLIC_URL: `http://${publicHost}`,
    NEXTAUTH_SECRET: "callback-security-secret-0123456789abcdef",
  });
  await new QiniuClient({ accessKey: emu.accessKey, secretKey: emu.secretKey, hosts: e }).mkbucket(B, "z0");
  const ed = await createUser(testDb.db, { email: "cb@sec.test", role: "editor", scopes: [{ bucket: B, prefix: "team/" }], passwordHash: null });
  editor = { id: ed.id, email: ed.email, role: ed.role, scopes: ed.scopes };
});

afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await Promise.all([emu?.stop(), testDb?.close()]);
});

describe("upload callbacks under replay", () => {
  it("accepts the emulator's genuine callback once; the exact replay records nothing more", async () => {
    const [t] = await issueUploadTokens(editor, "cb-batch-1", [file({ relativePath: "once.txt" })]);
    const res = await upload(ok(t).token, ok(t).key, "hello");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ recorded: true, key: "team/once.txt" });
    const genuine = captured.at(-1)!;
    expect(genuine.headers.authorization).toMatch(/^QBox /);
    // The only body type whose body a QBox signature covers (docs/qiniu-protocol.md §5).
    expect(decodeUploadToken(ok(t).token).policy).toMatchObject({
      callbackUrl: `http://${publicHost}/api/qiniu/callback`,
      callbackBodyType: "application/x-www-form-urlencoded",
    });
    expect(genuine.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(await completions("team/once.txt")).toBe(1);
    expect(await testDb.db.query("SELECT key, source FROM uploads WHERE key = 'team/once.txt'")).toEqual([{ key: "team/once.txt", source: "callback" }]);
    const again = await deliver(testDb.db, genuine);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { uploadId: string }).uploadId).toBe(res.json.uploadId);
    expect(await completions("team/once.txt")).toBe(1);
  });

  it("refuses a genuine callback replayed after its upload token expired", async () => {
    // A token issued so that it expires a minute from now (room for a slow machine); the upload itself is in time. The
    // replay below comes, by the clock given to the handler, after the deadline and its grace.
    const issuedAgo = (TOKEN_BASE_SECONDS - 60) * 1000;
    const [t] = await issueUploadTokens(editor, "cb-batch-2", [file({ relativePath: "old.txt" })], { now: () => Date.now() - issuedAgo });
    expect(ok(t).expiresAt).toBeGreaterThan(Date.now());
    const res = await upload(ok(t).token, ok(t).key, "early");
    expect(res.status).toBe(200);
    const genuine = captured.at(-1)!;
    // Meanwhile the object was deleted by someone; the replay must not bring its record back or count as an upload.
    await testDb.db.query("DELETE FROM uploads WHERE key = 'team/old.txt'");
    // Within the grace period after the deadline a late callback is still taken; the replay comes after it.
    const later = () => ok(t).expiresAt + (CALLBACK_GRACE_SECONDS + 1) * 1000;
    const replay = await deliver(testDb.db, genuine, { now: later });
    expect(replay.status, "a callback older than its token was accepted").toBeGreaterThanOrEqual(400);
    expect(await testDb.db.query("SELECT 1 FROM uploads WHERE key = 'team/old.txt'")).toEqual([]);
    expect(await completions("team/old.txt")).toBe(1);
  });

  it("refuses a genuine callback delivered to a host that is not the console's", async () => {
    const [t] = await issueUploadTokens(editor, "cb-batch-3", [file({ relativePath: "host.txt" })]);
    expect((await upload(ok(t).token, ok(t).key, "hosts")).status).toBe(200);
    const genuine = captured.at(-1)!;
    expect(genuine.headers.host).toBe(publicHost);
    await testDb.db.query("DELETE FROM uploads WHERE key = 'team/host.txt'");
    const elsewhere = await deliver(testDb.db, genuine, { host: "staging.example.com" });
    expect(elsewhere.status, "a callback for another host was accepted").toBeGreaterThanOrEqual(400);
    expect(await testDb.db.query("SELECT 1 FROM uploads WHERE key = 'team/host.txt'")).toEqual([]);
  });
});

describe("upload callbacks whose body the signature does not cover", () => {
  it("refuses a forged body under the path-only signature of a JSON callback, recording nothing", async () => {
    // Another application with the same keys (or a token made by hand) asks for a JSON callback to the console: the
    // storage service then signs only "<path>\n", and that value would vouch for any body sent to this path.
    const token = signUploadToken(
      { accessKey: emu.accessKey, secretKey: emu.secretKey },
      { scope: B, callbackUrl: `http://${publicHost}/api/qiniu/callback`, callbackBodyType: "application/json", callbackBody: '{"key":"$(key)"}' },
      { expires: 600 },
    );
    const res = await upload(token, "team/json-cb.txt", "json");
    expect(res.status, "the console must refuse the JSON callback, so the upload reports a callback failure").toBe(579);
    const jsonCallback = captured.at(-1)!;
    expect(jsonCallback.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(jsonCallback.body.toString())).toEqual({ key: "team/json-cb.txt" });

    const forgedKey = "team/forged-by-json-signature.txt";
    const template = sealCallbackBody(callbackBodyTemplate({ batchId: "forged", userId: editor.id, overwrite: true }), {
      deadline: Math.floor(Date.now() / 1000) + 600,
      host: publicHost,
    });
    const vars: Record<string, string> = {
      key: forgedKey,
      etag: "FpLiADEaVoALPkdb8tJEJyRTXoe_",
      fsize: "9",
      mimeType: "text/plain",
      bucket: B,
      endUser: editor.id,
    };
    const forgedBody = template.replace(/\$\(([\w:]+)\)/g, (_, name: string) => encodeURIComponent(vars[name] ?? ""));
    for (const contentType of ["application/json", undefined]) {
      const headers = { ...jsonCallback.headers };
      delete headers["content-type"];
      if (contentType) headers["content-type"] = contentType;
      headers["content-length"] = String(Buffer.byteLength(forgedBody));
      const forged = await deliver(testDb.db, { ...jsonCallback, headers, body: Buffer.from(forgedBody) });
      expect(forged.status, `a forged body sent as ${contentType ?? "no content type"} was taken`).toBe(415);
    }
    expect(await testDb.db.query("SELECT 1 FROM uploads WHERE key = $1", [forgedKey])).toEqual([]);
    expect(await completions(forgedKey)).toBe(0);
  });
});
