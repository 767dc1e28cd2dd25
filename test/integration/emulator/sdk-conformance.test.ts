// Behaviour the official SDKs' own test suites expect from Qiniu (issue #18): nodejs-sdk test/form_up.test.js,
// test/rs.test.js, python-sdk tests/cases/test_http/test_regions_provider.py and test_zone/test_lagacy_region.py.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
const B = "conformance";
const MiB = 1024 * 1024;

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  await call(sdk.bucketManager.createBucket(B, { regionId: "z0" }));
});
afterAll(() => emu?.stop());

type SdkOutcome = { data?: unknown; resp?: { statusCode?: number }; code?: number; status?: number };
/** The SDK's promise resolves for most non-2xx answers and rejects for some: the status either way. */
const failure = (p: Promise<unknown>) =>
  p.then(
    (r) => ({ status: (r as SdkOutcome).resp?.statusCode, data: (r as SdkOutcome).data }),
    (e: SdkOutcome) => ({ status: e.resp?.statusCode ?? e.code ?? e.status, data: e.data }),
  );

describe("default upload answer", () => {
  const params = { "x:location": "shanghai", "x:price": "1500" };

  it("a form upload without returnBody echoes the x: variables", async () => {
    const extra = new sdk.qiniu.form_up.PutExtra();
    extra.params = params;
    extra.metadata = { "x-qn-meta-name": "qiniu" };
    const r = await call<Record<string, string>>(sdk.formUploader.put(sdk.uploadToken({ scope: B }), "vars-form.txt", Buffer.from("form"), extra));
    expect(r.data).toEqual({ key: "vars-form.txt", hash: expect.any(String), ...params });
  });

  it.each(["v1", "v2"] as const)("a resumable %s upload without returnBody echoes the x: variables", async (version) => {
    const extra = new sdk.qiniu.resume_up.PutExtra("f.bin", params, undefined, undefined, undefined, 4 * MiB, version);
    const r = await call<Record<string, string>>(
      sdk.resumeUploader.putStream(sdk.uploadToken({ scope: B }), `vars-${version}.bin`, streamOf(Buffer.alloc(1000, 7)), 1000, extra),
    );
    expect(r.data).toEqual({ key: `vars-${version}.bin`, hash: expect.any(String), ...params });
  });
});

describe("the empty key", () => {
  afterEach(async () => {
    await call(sdk.bucketManager.delete(B, "")).catch(() => undefined);
  });

  it('a form upload with scope `bucket:` and key "" stores it; stat, list and delete work on it', async () => {
    const r = await call<{ key: string }>(
      sdk.formUploader.put(sdk.uploadToken({ scope: `${B}:` }), "", Buffer.from("nameless"), new sdk.qiniu.form_up.PutExtra()),
    );
    expect(r.data.key).toBe("");
    expect((await call<{ fsize: number }>(sdk.bucketManager.stat(B, ""))).data.fsize).toBe(8);
    const list = await call<{ items: { key: string }[] }>(sdk.bucketManager.listPrefix(B, { limit: 1000 }));
    expect(list.data.items.map((i) => i.key)).toContain("");
    expect((await call(sdk.bucketManager.delete(B, ""))).status).toBe(200);
    expect((await failure(sdk.bucketManager.stat(B, ""))).status).toBe(612);
  });

  it("copy and move accept the empty key as their target", async () => {
    await call(sdk.formUploader.put(sdk.uploadToken({ scope: `${B}:named.txt` }), "named.txt", Buffer.from("named"), new sdk.qiniu.form_up.PutExtra()));
    expect((await call(sdk.bucketManager.move(B, "named.txt", B, "", { force: true }))).status).toBe(200);
    expect((await call<{ fsize: number }>(sdk.bucketManager.stat(B, ""))).data.fsize).toBe(5);
    expect((await call(sdk.bucketManager.copy(B, "", B, "named.txt", { force: true }))).status).toBe(200);
  });

  it('resumable v1 takes `/mkfile/<size>/key/` (b64 of "") as the empty key', async () => {
    const data = Buffer.from("v1 nameless");
    const auth = { Authorization: `UpToken ${sdk.uploadToken({ scope: `${B}:` })}` };
    const blk = (await (await fetch(`${emu.endpoints.up}/mkblk/${data.length}`, { method: "POST", headers: auth, body: data })).json()) as { ctx: string };
    const res = await fetch(`${emu.endpoints.up}/mkfile/${data.length}/key//fname/${urlsafeBase64Encode("a.txt")}`, {
      method: "POST",
      headers: auth,
      body: blk.ctx,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { key: string }).key).toBe("");
    expect((await call<{ fsize: number }>(sdk.bucketManager.stat(B, ""))).data.fsize).toBe(data.length);
  });

  it("resumable v2 takes `/objects//uploads` as the empty key", async () => {
    const data = Buffer.from("v2 nameless");
    const headers = { Authorization: `UpToken ${sdk.uploadToken({ scope: `${B}:` })}` };
    const base = `${emu.endpoints.up}/buckets/${B}/objects//uploads`;
    const init = (await (await fetch(base, { method: "POST", headers })).json()) as { uploadId: string };
    const md5 = createHash("md5").update(data).digest("hex");
    const part = (await (await fetch(`${base}/${init.uploadId}/1`, { method: "PUT", headers: { ...headers, "Content-MD5": md5 }, body: data })).json()) as {
      etag: string;
    };
    const done = await fetch(`${base}/${init.uploadId}`, {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify({ parts: [{ partNumber: 1, etag: part.etag }] }),
    });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { key: string }).key).toBe("");
    expect((await call<{ fsize: number }>(sdk.bucketManager.stat(B, ""))).data.fsize).toBe(data.length);
  });
});

describe("X-Qiniu-Date", () => {
  afterEach(() => vi.useRealTimers());

  it("a correctly signed request dated 1970 gets 403, as in the SDK's own test", async () => {
    await call(sdk.formUploader.put(sdk.uploadToken({ scope: `${B}:dated.txt` }), "dated.txt", Buffer.from("d"), new sdk.qiniu.form_up.PutExtra()));
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(0);
    const r = await failure(sdk.bucketManager.stat(B, "dated.txt"));
    vi.useRealTimers();
    expect(r.status).toBe(403);
    expect(r.data).toEqual({ error: "X-Qiniu-Date is too far from the server time" });
    const mac = new sdk.qiniu.auth.digest.Mac(emu.accessKey, emu.secretKey, { disableQiniuTimestampSignature: true });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(0);
    const undated = await call(new sdk.qiniu.rs.BucketManager(mac, sdk.config).stat(B, "dated.txt"));
    expect(undated.status).toBe(200);
  });
});

function streamOf(data: Buffer): Readable {
  return Readable.from([data]);
}

describe("workflow templates", () => {
  it("persistentWorkflowTemplateID in a put policy is refused before anything is stored, like workflowTemplateID on /pfop", async () => {
    const token = sdk.uploadToken({ scope: `${B}:wf.txt`, persistentWorkflowTemplateID: "tpl-1" });
    const r = await failure(sdk.formUploader.put(token, "wf.txt", Buffer.from("w"), new sdk.qiniu.form_up.PutExtra()));
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.data)).toContain("persistentWorkflowTemplateID");
    expect((await failure(sdk.bucketManager.stat(B, "wf.txt"))).status).toBe(612);
  });
});
