// Upload tokens from server/upload/tokens.ts used against the real emulator process, with the upload callback going
// to our real callback handler (on a loopback HTTP server) and a real database (PGlite, real migrations).
// What is proved: the token itself enforces the scope (the emulator refuses any other key), insert-only unless
// overwrite was allowed, expiry, and that a completed upload is recorded through a verified callback.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUploadToken } from "@/lib/qiniu/auth";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { QiniuClient } from "@/lib/qiniu/client";
import { planUpload, type Uploader } from "@/lib/upload/plan";
import { ROLE_UPLOAD_LIMITS } from "@/lib/upload/limits";
import type { IssuedToken, TokenRequestFile } from "@/lib/upload/token-contract";
import { createUser } from "@/server/auth/users";
import { handleUploadCallback } from "@/server/upload/callback";
import { confirmUploadsFor } from "@/server/upload/confirm";
import { issueUploadTokens } from "@/server/upload/tokens";
import { openTestDb, type TestDb } from "../../support/db";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor } from "../emulator/sdk";

const B = "media";
let emu: RunningEmulator;
let testDb: TestDb;
let receiver: http.Server;
let client: QiniuClient;
let editor: Uploader;
let admin: Uploader;

/** Serves POST /api/qiniu/callback with the real handler, as the console does. */
function startReceiver(db: TestDb["db"]): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
      const response = await handleUploadCallback(request, { db });
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(await response.text());
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function formUpload(token: string, key: string | undefined, body: string, mime = "text/plain", extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set("token", token);
  if (key !== undefined) form.set("key", key);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  form.set("file", new Blob([body], { type: mime }), key?.split("/").pop() ?? "file");
  const res = await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const file = (over: Partial<TokenRequestFile>): TokenRequestFile => ({
  id: over.relativePath ?? "f",
  bucket: B,
  prefix: "team-a/",
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

beforeAll(async () => {
  [emu, testDb] = await Promise.all([startEmulator(), openTestDb("pglite")]);
  receiver = await startReceiver(testDb.db);
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
    CONSOLE_PUBLIC_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    NEXTAUTH_SECRET: "upload-integration-secret-0123456789abcdef",
  });
  client = new QiniuClient({
    accessKey: emu.accessKey,
    secretKey: emu.secretKey,
    hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion },
  });
  await client.mkbucket(B, "z0");
  const ed = await createUser(testDb.db, { email: "scoped@upload.test", role: "editor", scopes: [{ bucket: B, prefix: "team-a/" }], passwordHash: null });
  const ad = await createUser(testDb.db, { email: "admin@upload.test", role: "admin", passwordHash: null });
  editor = { id: ed.id, email: ed.email, role: ed.role, scopes: ed.scopes };
  admin = { id: ad.id, email: ad.email, role: ad.role, scopes: [] };
});

afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await Promise.all([emu?.stop(), testDb?.close()]);
});

describe("upload tokens against the emulator", () => {
  it("issues tokens in one call and refuses files outside the editor's scope before signing", async () => {
    const tokens = await issueUploadTokens(editor, "batch-1", [
      file({ id: "1", relativePath: "dir/in.txt" }),
      file({ id: "2", prefix: "team-b/", relativePath: "out.txt" }),
      file({ id: "3", relativePath: "../team-b/escape.txt" }),
    ]);
    expect(tokens.map((t) => (t.ok ? "ok" : t.problem))).toEqual(["ok", "outOfScope", "parentSegment"]);
    expect(ok(tokens[0]).key).toBe("team-a/dir/in.txt");
    expect(ok(tokens[0]).expiresAt).toBeGreaterThan(Date.now());
  });

  it("a scoped editor's token cannot write outside its key: the emulator refuses it", async () => {
    const [t] = await issueUploadTokens(editor, "batch-1", [file({ id: "1", relativePath: "scoped.txt" })]);
    const token = ok(t).token;
    const outside = await formUpload(token, "team-b/stolen.txt", "nope!");
    expect(outside.status).toBe(403);
    const sibling = await formUpload(token, "team-a/other.txt", "nope!");
    expect(sibling.status).toBe(403);
    const noKey = await formUpload(token, undefined, "nope!");
    expect(noKey.status).toBe(403);
    // Nothing was written outside the one key.
    await expect(client.stat(B, "team-b/stolen.txt")).rejects.toMatchObject({ status: 612 });
    await expect(client.stat(B, "team-a/other.txt")).rejects.toMatchObject({ status: 612 });
  });

  it("uploads the granted key, and the callback records it and answers the browser", async () => {
    const body = "hello qiniu";
    const [t] = await issueUploadTokens(editor, "batch-2", [file({ id: "1", relativePath: "docs/hello.txt", size: body.length })]);
    const res = await formUpload(ok(t).token, ok(t).key, body, "text/plain", { "x:relativePath": "docs/hello.txt" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ recorded: true, key: "team-a/docs/hello.txt", hash: etagOfBuffer(Buffer.from(body)), fsize: body.length, bucket: B });
    const rows = await testDb.db.query<{ user_email: string; source: string; batch_id: string; relative_path: string }>(
      "SELECT user_email, source, batch_id, relative_path FROM uploads WHERE key = 'team-a/docs/hello.txt'",
    );
    expect(rows).toEqual([{ user_email: "scoped@upload.test", source: "callback", batch_id: "batch-2", relative_path: "docs/hello.txt" }]);
    expect((await client.stat(B, "team-a/docs/hello.txt")).endUser).toBe(editor.id);
  });

  it("is insert-only unless overwrite was chosen and allowed; an overwrite reports the object's URL for CDN refresh", async () => {
    const first = ok((await issueUploadTokens(editor, "batch-3", [file({ id: "1", relativePath: "logo.txt" })]))[0]);
    expect((await formUpload(first.token, first.key, "v1")).status).toBe(200);
    const again = ok((await issueUploadTokens(editor, "batch-3", [file({ id: "1", relativePath: "logo.txt" })]))[0]);
    expect(again.existed).toBeUndefined();
    expect((await formUpload(again.token, again.key, "v2 differs")).status).toBe(614);

    const over = ok((await issueUploadTokens(editor, "batch-3", [file({ id: "1", relativePath: "logo.txt", overwrite: true })]))[0]);
    expect(over).toMatchObject({ overwrite: true, existed: true });
    expect(over.refreshUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/team-a\/logo\.txt$/);
    const replaced = await formUpload(over.token, over.key, "v2 differs");
    expect(replaced.status).toBe(200);
    expect((await client.stat(B, "team-a/logo.txt")).hash).toBe(etagOfBuffer(Buffer.from("v2 differs")));
  });

  it("puts the role's size limit into the token (the emulator answers 413 above it)", async () => {
    // The page declares sizes, but the token does not trust them: a browser that lies about the size still gets 413.
    const plan = planUpload(
      admin,
      { bucket: B, prefix: "", overwrite: false, batchId: "b" },
      { relativePath: "big.bin", size: 5, mimeType: "" },
      {
        limits: { maxFileBytes: 8 },
      },
    );
    if (!plan.ok) throw new Error(plan.problem);
    const token = signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, plan.policy, { expires: 60 });
    expect((await formUpload(token, plan.key, "0123456789", "application/octet-stream")).status).toBe(413);
    expect((await formUpload(token, plan.key, "01234567", "application/octet-stream")).status).toBe(200);
    expect(ROLE_UPLOAD_LIMITS.editor.maxFileBytes).toBeGreaterThan(ROLE_UPLOAD_LIMITS.ops.maxFileBytes);
  });

  it("refuses an expired token", async () => {
    const [t] = await issueUploadTokens(editor, "batch-4", [file({ id: "1", relativePath: "late.txt" })], { now: () => Date.now() - 3600_000 });
    expect((await formUpload(ok(t).token, ok(t).key, "late")).status).toBe(401);
  });

  it("resumable v2 with the token: parts for the granted key complete through the callback; another key is refused", async () => {
    const data = Buffer.alloc(5 * 1024 * 1024 + 7, 3);
    const t = ok(
      (await issueUploadTokens(editor, "batch-5", [file({ id: "1", relativePath: "big.bin", size: data.length, mimeType: "application/octet-stream" })]))[0],
    );
    const auth = { authorization: `UpToken ${t.token}` };
    const base = (key: string) => `${emu.endpoints.up}/buckets/${B}/objects/${urlsafeBase64Encode(key)}/uploads`;
    /** init, two parts, complete; the first refusal's status, or the completion's. */
    const multipart = async (key: string): Promise<Response> => {
      const init = await fetch(base(key), { method: "POST", headers: auth });
      if (init.status !== 200) return init;
      const { uploadId } = (await init.json()) as { uploadId: string };
      const parts = [data.subarray(0, 4 * 1024 * 1024), data.subarray(4 * 1024 * 1024)];
      const etags: { partNumber: number; etag: string }[] = [];
      for (const [i, part] of parts.entries()) {
        const r = await fetch(`${base(key)}/${uploadId}/${i + 1}`, {
          method: "PUT",
          headers: { ...auth, "content-type": "application/octet-stream" },
          body: part,
        });
        if (r.status !== 200) return r;
        etags.push({ partNumber: i + 1, etag: ((await r.json()) as { etag: string }).etag });
      }
      return fetch(`${base(key)}/${uploadId}`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ parts: etags, fname: "big.bin", mimeType: "application/octet-stream", customVars: { "x:relativePath": "big.bin" } }),
      });
    };
    expect((await multipart("team-b/big.bin")).status).toBe(403);
    await expect(client.stat(B, "team-b/big.bin")).rejects.toMatchObject({ status: 612 });
    const done = await multipart(t.key);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ recorded: true, key: "team-a/big.bin", hash: etagOfBuffer(data), fsize: data.length });
  });

  it("without callback, records an upload only after checking it with the storage service", async () => {
    const plan = planUpload(
      editor,
      { bucket: B, prefix: "team-a/", overwrite: false, batchId: "b6" },
      { relativePath: "nocb.txt", size: 4, mimeType: "text/plain" },
      {
        limits: ROLE_UPLOAD_LIMITS.editor,
      },
    );
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.policy.callbackUrl).toBeUndefined();
    const token = signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, plan.policy, { expires: 600 });
    const up = await formUpload(token, plan.key, "nocb");
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ key: "team-a/nocb.txt", hash: etagOfBuffer(Buffer.from("nocb")), fsize: 4, mimeType: "text/plain", bucket: B, persistentId: "" });
    const hash = up.body.hash as string;
    const answers = await confirmUploadsFor(
      editor,
      "b6",
      [
        { bucket: B, key: "team-a/nocb.txt", hash, relativePath: "nocb.txt" },
        { bucket: B, key: "team-a/nocb.txt", hash: "Fwrong", relativePath: "nocb.txt" },
        { bucket: B, key: "team-a/never.txt", hash, relativePath: "never.txt" },
      ],
      { db: testDb.db },
    );
    expect(answers.map((a) => (a.ok ? "ok" : a.reason))).toEqual(["ok", "hashMismatch", "missing"]);
    const otherUser = await confirmUploadsFor(admin, "b6", [{ bucket: B, key: "team-a/nocb.txt", hash, relativePath: "nocb.txt" }], { db: testDb.db });
    expect(otherUser[0]).toMatchObject({ ok: false, reason: "otherUser" });
    const rows = await testDb.db.query<{ source: string }>("SELECT source FROM uploads WHERE key = 'team-a/nocb.txt'");
    expect(rows).toEqual([{ source: "confirmed" }]);
  });

  it("signs the chosen storage class into the token: the object is stored in it, whatever the browser sends", async () => {
    const sdk = sdkFor(emu);
    const stat = async (key: string) => (await call(sdk.bucketManager.stat(B, key))).data as { type: number; "x-qn-meta"?: Record<string, string> };
    const classes = [1, 2, 3, 4, 5] as const;
    const tokens = await issueUploadTokens(
      editor,
      "batch-7",
      classes.map((fileType) => file({ id: String(fileType), relativePath: `class-${fileType}.txt`, fileType })),
    );
    for (const [i, fileType] of classes.entries()) {
      const t = ok(tokens[i]);
      // A form field cannot change the class: the policy decides (Qiniu has no fileType form field).
      expect((await formUpload(t.token, t.key, `class ${fileType}`, "text/plain", { fileType: "0" })).status).toBe(200);
      expect((await stat(t.key)).type).toBe(fileType);
    }
    const standard = ok((await issueUploadTokens(editor, "batch-7", [file({ id: "s", relativePath: "class-0.txt" })]))[0]);
    expect((await formUpload(standard.token, standard.key, "class 0")).status).toBe(200);
    expect((await stat(standard.key)).type).toBe(0);
  });

  it("stores custom metadata sent as x-qn-meta-* form fields and in the v2 complete body; stat returns it", async () => {
    const sdk = sdkFor(emu);
    const t = ok((await issueUploadTokens(editor, "batch-8", [file({ id: "1", relativePath: "meta.txt" })]))[0]);
    expect((await formUpload(t.token, t.key, "meta", "text/plain", { "x-qn-meta-project": "apollo", "x-qn-meta-Owner_2": "ops team" })).status).toBe(200);
    expect((await call(sdk.bucketManager.stat(B, t.key))).data).toMatchObject({ "x-qn-meta": { project: "apollo", Owner_2: "ops team" } });

    const data = Buffer.alloc(5 * 1024 * 1024, 1);
    const big = ok(
      (await issueUploadTokens(editor, "batch-8", [file({ id: "2", relativePath: "meta.bin", size: data.length, mimeType: "application/octet-stream" })]))[0],
    );
    const auth = { authorization: `UpToken ${big.token}` };
    const base = `${emu.endpoints.up}/buckets/${B}/objects/${urlsafeBase64Encode(big.key)}/uploads`;
    const { uploadId } = (await (await fetch(base, { method: "POST", headers: auth })).json()) as { uploadId: string };
    const part = await fetch(`${base}/${uploadId}/1`, { method: "PUT", headers: { ...auth, "content-type": "application/octet-stream" }, body: data });
    const { etag } = (await part.json()) as { etag: string };
    const done = await fetch(`${base}/${uploadId}`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ parts: [{ partNumber: 1, etag }], fname: "meta.bin", metadata: { "x-qn-meta-project": "gemini" } }),
    });
    expect(done.status).toBe(200);
    expect((await call(sdk.bucketManager.stat(B, big.key))).data).toMatchObject({ "x-qn-meta": { project: "gemini" } });
  });
});
