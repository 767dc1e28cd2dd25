// Downloads on bucket domains (docs/qiniu-protocol.md §4): public/private, tokens, Range, HEAD, ETag, attname,
// disabled and archived objects, CDN anti-leech, and the traffic record the Fusion service reports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signQBox } from "@/lib/qiniu/auth";
import { timestampAntiLeechUrl } from "@/lib/qiniu/antileech";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, download, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
const PUB = "dl-public";
const PRIV = "dl-private";
const LEECH = "dl-leech";
const LEECH_KEY = "encrypt-key-123";
const domains: Record<string, string> = {};
const body = Buffer.from("0123456789abcdefghij");

async function put(bucket: string, key: string, data: Buffer, mimeType?: string) {
  const r = await call(
    sdk.formUploader.put(sdk.uploadToken({ scope: `${bucket}:${key}` }), key, data, Object.assign(new sdk.qiniu.form_up.PutExtra(), { mimeType })),
  );
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  emu = await startEmulator({ env: { EMULATOR_CDN_ANTILEECH: `${LEECH}=${LEECH_KEY}` } });
  sdk = sdkFor(emu);
  await call(sdk.bucketManager.createBucket(PUB, { regionId: "z0" }));
  await call(sdk.bucketManager.createBucket(PRIV, { regionId: "z0" }));
  await call(sdk.bucketManager.createBucket(LEECH, { regionId: "z0" }));
  const r = await fetch(`${emu.endpoints.uc}/private`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: signQBox(creds(), { path: "/private", body: `bucket=${PRIV}&private=1`, contentType: "application/x-www-form-urlencoded" }),
    },
    body: `bucket=${PRIV}&private=1`,
  });
  expect(r.status).toBe(200);
  const info = (await (await fetch(`${emu.endpoints.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> };
  for (const b of [PUB, PRIV, LEECH]) domains[b] = info.buckets[b].domain;
  await put(PUB, "dir/文件 1.txt", body, "text/plain");
  await put(PRIV, "secret/a b.txt", body, "text/plain");
  await put(LEECH, "img/x.txt", body, "text/plain");
});
afterAll(() => emu?.stop());

function creds() {
  return { accessKey: emu.accessKey, secretKey: emu.secretKey };
}
const encodePath = (key: string) => key.split("/").map(encodeURIComponent).join("/");

describe("public buckets", () => {
  it("serves text stored without a charset as UTF-8, and leaves binary types and explicit charsets alone", async () => {
    const text = Buffer.from("中文内容：你好，世界");
    const cases: [string, string, string][] = [
      ["charset/a.json", "application/json", "application/json; charset=utf-8"],
      ["charset/a.xml", "application/xml", "application/xml; charset=utf-8"],
      ["charset/a.svg", "image/svg+xml", "image/svg+xml; charset=utf-8"],
      ["charset/a.bin", "application/octet-stream", "application/octet-stream"],
      ["charset/a.png", "image/png", "image/png"],
    ];
    for (const [key, stored, served] of cases) {
      await put(PUB, key, text, stored);
      const r = await download(`${domains[PUB]}/${encodePath(key)}`);
      expect(r.headers.get("content-type"), key).toBe(served);
    }
    const st = await call(sdk.bucketManager.stat(PUB, "charset/a.json"));
    // The stored type is unchanged: only the download answer adds the charset.
    expect((st.data as { mimeType: string }).mimeType).toBe("application/json");
  });

  it("serves content with Content-Type, Content-Length, ETag and X-Reqid; HEAD has no body", async () => {
    const url = `${domains[PUB]}/${encodePath("dir/文件 1.txt")}`;
    const r = await download(url);
    expect(r.status).toBe(200);
    expect(r.body.equals(body)).toBe(true);
    expect(r.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(r.headers.get("etag")).toBe(`"${etagOfBuffer(body)}"`);
    expect(r.headers.get("x-reqid")).toBeTruthy();
    const head = await download(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(body.length));
    expect(head.body.length).toBe(0);
    const cached = await download(url, { headers: { "If-None-Match": `"${etagOfBuffer(body)}"` } });
    expect(cached.status).toBe(304);
    expect((await download(`${domains[PUB]}/nope.txt`)).status).toBe(404);
  });

  it("serves byte ranges (206), suffix ranges, and 416 beyond the end", async () => {
    const url = `${domains[PUB]}/${encodePath("dir/文件 1.txt")}`;
    const part = await download(url, { headers: { Range: "bytes=2-5" } });
    expect(part.status).toBe(206);
    expect(part.body.toString()).toBe("2345");
    expect(part.headers.get("content-range")).toBe(`bytes 2-5/${body.length}`);
    const tail = await download(url, { headers: { Range: "bytes=-3" } });
    expect(tail.body.toString()).toBe("hij");
    const open = await download(url, { headers: { Range: "bytes=18-" } });
    expect(open.body.toString()).toBe("ij");
    const beyond = await download(url, { headers: { Range: "bytes=100-200" } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${body.length}`);
  });

  it("turns attname into Content-Disposition (UTF-8 file names included)", async () => {
    const r = await download(`${domains[PUB]}/${encodePath("dir/文件 1.txt")}?attname=${encodeURIComponent("报告.txt")}`);
    expect(r.headers.get("content-disposition")).toBe(`attachment; filename="__.txt"; filename*=UTF-8''${encodeURIComponent("报告.txt")}`);
  });

  it("refuses disabled files and archived files that are not restored (403)", async () => {
    await put(PUB, "off.txt", Buffer.from("off"));
    await call(sdk.bucketManager.updateObjectStatus(PUB, "off.txt", 1));
    expect((await download(`${domains[PUB]}/off.txt`)).status).toBe(403);
    // Qiniu still serves a disabled object to a signed URL, also in a public bucket.
    const signed = sdk.bucketManager.privateDownloadUrl(domains[PUB], "off.txt", Math.floor(Date.now() / 1000) + 600);
    expect((await download(signed)).status).toBe(200);
    const forged = signed.replace(/token=[^&]+/, "token=ak:forged");
    expect((await download(forged)).status).toBe(403);
    await call(sdk.bucketManager.updateObjectStatus(PUB, "off.txt", 0));
    expect((await download(`${domains[PUB]}/off.txt`)).status).toBe(200);
    await put(PUB, "cold.txt", Buffer.from("cold"));
    await call(sdk.bucketManager.changeType(PUB, "cold.txt", 2));
    expect((await download(`${domains[PUB]}/cold.txt`)).status).toBe(403);
  });
});

describe("private buckets", () => {
  it("accepts the SDK's private download URL and refuses missing, expired and tampered tokens with 401", async () => {
    const deadline = Math.floor(Date.now() / 1000) + 600;
    const url = sdk.bucketManager.privateDownloadUrl(domains[PRIV], "secret/a b.txt", deadline);
    const ok = await download(url);
    expect(ok.status).toBe(200);
    expect(ok.body.equals(body)).toBe(true);
    expect((await download(`${domains[PRIV]}/secret/a%20b.txt`)).status).toBe(401);
    const expired = sdk.bucketManager.privateDownloadUrl(domains[PRIV], "secret/a b.txt", Math.floor(Date.now() / 1000) - 5);
    const refused = await download(expired);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body.toString())).toEqual({ error: expect.any(String) });
    expect((await download(url.replace(/e=\d+/, `e=${deadline + 1}`))).status).toBe(401);
    const otherKey = new sdk.qiniu.rs.BucketManager(new sdk.qiniu.auth.digest.Mac(emu.accessKey, "wrong-secret"), sdk.config);
    expect((await download(otherKey.privateDownloadUrl(domains[PRIV], "secret/a b.txt", deadline))).status).toBe(401);
  });
});

describe("CDN timestamp anti-leech", () => {
  it("requires a valid sign/t on a domain with an anti-leech key", async () => {
    const deadline = Math.floor(Date.now() / 1000) + 600;
    const signed = timestampAntiLeechUrl(domains[LEECH], "img/x.txt", undefined, LEECH_KEY, deadline);
    expect((await download(signed)).status).toBe(200);
    const sdkSigned = new sdk.qiniu.cdn.CdnManager(sdk.mac).createTimestampAntiLeechUrl(domains[LEECH], "img/x.txt", null, LEECH_KEY, deadline);
    expect((await download(sdkSigned)).status).toBe(200);
    expect((await download(`${domains[LEECH]}/img/x.txt`)).status).toBe(403);
    const old = timestampAntiLeechUrl(domains[LEECH], "img/x.txt", undefined, LEECH_KEY, Math.floor(Date.now() / 1000) - 5);
    expect((await download(old)).status).toBe(403);
    const wrong = timestampAntiLeechUrl(domains[LEECH], "img/x.txt", undefined, "other-key", deadline);
    expect((await download(wrong)).status).toBe(403);
    // Other domains are unaffected.
    expect((await download(`${domains[PUB]}/${encodePath("dir/文件 1.txt")}`)).status).toBe(200);
  });
});

describe("traffic", () => {
  function beijingDate(offsetDays = 0): string {
    return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);
  }
  async function flux(domain: string): Promise<number> {
    const path = "/v2/tune/flux";
    const payload = JSON.stringify({ startDate: beijingDate(-1), endDate: beijingDate(), granularity: "day", domains: domain });
    const r = await fetch(`${emu.endpoints.fusion}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: signQBox(creds(), { path }) },
      body: payload,
    });
    const j = (await r.json()) as { code: number; data: Record<string, { china: number[]; oversea: number[] }> };
    expect(j.code).toBe(200);
    const d = j.data[domain];
    return d ? [...d.china, ...d.oversea].reduce((a, b) => a + b, 0) : 0;
  }

  it("records every download (ranges and HEAD included) as CDN traffic of the bucket's domain", async () => {
    const domain = new URL(domains[PUB]).host;
    const before = await flux(domain);
    const url = `${domains[PUB]}/${encodePath("dir/文件 1.txt")}`;
    await download(url);
    await download(url, { headers: { Range: "bytes=0-3" } });
    await download(url, { method: "HEAD" });
    let after = before;
    for (let i = 0; i < 20 && after < before + body.length + 4; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await flux(domain);
    }
    expect(after - before).toBe(body.length + 4);
  });
});
