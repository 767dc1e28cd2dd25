import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signQBox, signQiniuV2 } from "@/lib/qiniu/auth";
import { callbackBodyTemplate, sealCallbackBody } from "@/lib/upload/callback-fields";
import { handleUploadCallback } from "@/server/upload/callback";
import { createUser, type UserRecord } from "@/server/auth/users";
import { UNAUTHENTICATED_BODY_LIMIT } from "@/server/http/read-body";
import { countingBody, streamingPost } from "@/test/support/counting-body";
import { openTestDb, type TestDb } from "@/test/support/db";

// The callback route with real signatures (both schemes), a real database with the real migrations.

const creds = { accessKey: "cb-test-ak", secretKey: "cb-test-sk-0123456789" };
const URL_ = "http://console.example.com:3000/api/qiniu/callback";
const FORM = "application/x-www-form-urlencoded";
const noIp = async () => null;
let t: TestDb;
let user: UserRecord;

beforeAll(async () => {
  t = await openTestDb("pglite");
  user = await createUser(t.db, { email: "editor@cb.test", role: "editor", passwordHash: null });
});
afterAll(async () => t?.close());

/** The body Qiniu renders from our template for one stored file (values URL-encoded, as a form body is). */
function renderedBody(over: Record<string, string> = {}): string {
  const vars: Record<string, string> = {
    key: "team/photos/猫 & 狗.png",
    etag: "FpLiADEaVoALPkdb8tJEJyRTXoe_",
    fsize: "4",
    mimeType: "image/png",
    bucket: "media",
    endUser: user.id,
    fname: "猫 & 狗.png",
    persistentId: "",
    "x:relativePath": "photos/猫 & 狗.png",
    ...over,
  };
  const template = sealCallbackBody(callbackBodyTemplate({ batchId: "batch1", userId: user.id, overwrite: false }), {
    deadline: Math.floor(Date.now() / 1000) + 600,
    host: new URL(URL_).host,
  });
  return template.replace(/\$\(([\w:]+)\)/g, (_, name: string) => encodeURIComponent(vars[name] ?? ""));
}

function qboxRequest(body: string, opts: { sign?: typeof creds; signedBody?: string } = {}): Request {
  const auth = signQBox(opts.sign ?? creds, { path: "/api/qiniu/callback", body: opts.signedBody ?? body, contentType: FORM });
  return new Request(URL_, { method: "POST", headers: { authorization: auth, "content-type": FORM }, body });
}

async function uploadsFor(key: string) {
  return t.db.query<{ key: string; hash: string; fsize: number; user_email: string; source: string; batch_id: string; relative_path: string }>(
    "SELECT key, hash, fsize, user_email, source, batch_id, relative_path FROM uploads WHERE key = $1",
    [key],
  );
}

describe("upload callback route", () => {
  it("accepts a QBox-signed callback, records the upload and audit, and answers JSON for the browser", async () => {
    const res = await handleUploadCallback(qboxRequest(renderedBody()), { creds, db: t.db, clientIp: noIp });
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json).toMatchObject({ recorded: true, key: "team/photos/猫 & 狗.png", hash: "FpLiADEaVoALPkdb8tJEJyRTXoe_", fsize: 4, bucket: "media" });
    expect(typeof json.uploadId).toBe("string");
    expect(await uploadsFor("team/photos/猫 & 狗.png")).toEqual([
      {
        key: "team/photos/猫 & 狗.png",
        hash: "FpLiADEaVoALPkdb8tJEJyRTXoe_",
        fsize: 4,
        user_email: "editor@cb.test",
        source: "callback",
        batch_id: "batch1",
        relative_path: "photos/猫 & 狗.png",
      },
    ]);
    const audit = await t.db.query<{ action: string; actor_email: string; target: string; outcome: string }>(
      "SELECT action, actor_email, target, outcome FROM audit_log WHERE action = 'upload.complete'",
    );
    expect(audit).toEqual([{ action: "upload.complete", actor_email: "editor@cb.test", target: "team/photos/猫 & 狗.png", outcome: "ok" }]);
  });

  it("records a repeated callback once and gives the same answer", async () => {
    const body = renderedBody({ key: "again.txt" });
    const a = await (await handleUploadCallback(qboxRequest(body), { creds, db: t.db, clientIp: noIp })).json();
    const b = await (await handleUploadCallback(qboxRequest(body), { creds, db: t.db, clientIp: noIp })).json();
    expect(b.uploadId).toBe(a.uploadId);
    expect(await uploadsFor("again.txt")).toHaveLength(1);
  });

  it("registers the processing job an upload started, for the Processing page", async () => {
    const res = await handleUploadCallback(qboxRequest(renderedBody({ key: "with-job.png", persistentId: "z0.job-123" })), { creds, db: t.db, clientIp: noIp });
    expect(await res.json()).toMatchObject({ persistentId: "z0.job-123" });
    const jobs = await t.db.query<{ persistent_id: string; source: string; key: string; created_by_email: string }>(
      "SELECT persistent_id, source, key, created_by_email FROM pfop_jobs WHERE persistent_id = 'z0.job-123'",
    );
    expect(jobs).toEqual([{ persistent_id: "z0.job-123", source: "upload", key: "with-job.png", created_by_email: "editor@cb.test" }]);
  });

  it("accepts a callback signed with the Qiniu (v2) scheme", async () => {
    const body = renderedBody({ key: "v2.txt" });
    const headers = { host: "console.example.com:3000", "content-type": FORM, "x-qiniu-date": "20261124T120000Z" };
    const auth = signQiniuV2(creds, { method: "POST", path: "/api/qiniu/callback", host: headers.host, headers, body, contentType: FORM });
    const res = await handleUploadCallback(new Request(URL_, { method: "POST", headers: { ...headers, authorization: auth }, body }), {
      creds,
      db: t.db,
      clientIp: noIp,
    });
    expect(res.status).toBe(200);
    expect(await uploadsFor("v2.txt")).toHaveLength(1);
  });

  it("refuses a Qiniu (v2) callback whose signed header was changed", async () => {
    const body = renderedBody({ key: "v2-altered.txt" });
    const headers = { host: "console.example.com:3000", "content-type": FORM, "x-qiniu-date": "20261124T120000Z" };
    const auth = signQiniuV2(creds, { method: "POST", path: "/api/qiniu/callback", host: headers.host, headers, body, contentType: FORM });
    const res = await handleUploadCallback(
      new Request(URL_, { method: "POST", headers: { ...headers, "x-qiniu-date": "20261124T120001Z", authorization: auth }, body }),
      { creds, db: t.db, clientIp: noIp },
    );
    expect(res.status).toBe(401);
    expect(await uploadsFor("v2-altered.txt")).toHaveLength(0);
  });

  it("refuses a forged callback (signed with another secret) with 401 and records nothing but the refusal", async () => {
    const body = renderedBody({ key: "forged.txt" });
    const res = await handleUploadCallback(qboxRequest(body, { sign: { accessKey: creds.accessKey, secretKey: "attacker-guess" } }), {
      creds,
      db: t.db,
      clientIp: noIp,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "invalid callback signature" });
    expect(await uploadsFor("forged.txt")).toHaveLength(0);
    const denied = await t.db.query<{ outcome: string; error_code: string }>("SELECT outcome, error_code FROM audit_log WHERE action = 'upload.callback'");
    expect(denied.at(-1)).toEqual({ outcome: "denied", error_code: "bad_signature" });
  });

  it("refuses a genuine signature over an altered body (another key, another user)", async () => {
    const genuine = renderedBody({ key: "mine.txt" });
    const altered = renderedBody({ key: "someone-elses.txt" });
    const res = await handleUploadCallback(qboxRequest(altered, { signedBody: genuine }), { creds, db: t.db, clientIp: noIp });
    expect(res.status).toBe(401);
    expect(await uploadsFor("someone-elses.txt")).toHaveLength(0);
  });

  it("refuses callbacks without a signature, and verified bodies lacking fields", async () => {
    const body = renderedBody({ key: "nosig.txt" });
    expect(
      (await handleUploadCallback(new Request(URL_, { method: "POST", headers: { "content-type": FORM }, body }), { creds, db: t.db, clientIp: noIp })).status,
    ).toBe(401);
    const res = await handleUploadCallback(qboxRequest("key=x"), { creds, db: t.db, clientIp: noIp });
    expect(res.status).toBe(400);
  });

  // QBox signs "<path>\n" plus the body only for form bodies: for any other type the signature is the same for every
  // body, so one seen once (or made for a JSON callback to this path) would vouch for any forged body for ever.
  it.each([
    ["application/json", "application/json"],
    ["text/plain", "text/plain;charset=UTF-8"],
    ["no content type", null],
  ])("refuses a body sent as %s under a valid path-only signature, recording no upload", async (_, type) => {
    const body = renderedBody({ key: `unsigned-${type ?? "none"}.txt` });
    const pathOnly = signQBox(creds, { path: "/api/qiniu/callback", body, contentType: type ?? "" });
    expect(pathOnly).toBe(signQBox(creds, { path: "/api/qiniu/callback", body: "anything at all", contentType: type ?? "" }));
    const headers: Record<string, string> = { authorization: pathOnly, ...(type ? { "content-type": type } : {}) };
    const req = new Request(URL_, { method: "POST", headers, body: new TextEncoder().encode(body) });
    expect(req.headers.get("content-type")).toBe(type);
    const res = await handleUploadCallback(req, { creds, db: t.db, clientIp: noIp });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ error: "callback bodies must be application/x-www-form-urlencoded" });
    expect(await uploadsFor(`unsigned-${type ?? "none"}.txt`)).toHaveLength(0);
    const denied = await t.db.query<{ outcome: string; error_code: string }>(
      "SELECT outcome, error_code FROM audit_log WHERE action = 'upload.callback' ORDER BY id DESC LIMIT 1",
    );
    expect(denied).toEqual([{ outcome: "denied", error_code: "unsigned_body_type" }]);
  });

  it("refuses a Qiniu (v2) signed JSON callback too: no callback of ours is JSON", async () => {
    const body = renderedBody({ key: "v2-json.txt" });
    const headers = { host: "console.example.com:3000", "content-type": "application/json" };
    const auth = signQiniuV2(creds, { method: "POST", path: "/api/qiniu/callback", host: headers.host, headers, body, contentType: "application/json" });
    const res = await handleUploadCallback(new Request(URL_, { method: "POST", headers: { ...headers, authorization: auth }, body }), {
      creds,
      db: t.db,
      clientIp: noIp,
    });
    expect(res.status).toBe(415);
    expect(await uploadsFor("v2-json.txt")).toHaveLength(0);
  });

  it("answers 413 to a chunked body past the cap without reading the rest of it", async () => {
    const body = countingBody(32 * 1024 * 1024);
    const req = streamingPost(URL_, body, {
      "content-type": FORM,
      authorization: signQBox(creds, { path: "/api/qiniu/callback", body: "", contentType: FORM }),
    });
    const res = await handleUploadCallback(req, { creds, db: t.db, clientIp: noIp });
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(UNAUTHENTICATED_BODY_LIMIT + 2 * 16 * 1024);
    expect(body.cancelled()).toBe(true);
  });
});
