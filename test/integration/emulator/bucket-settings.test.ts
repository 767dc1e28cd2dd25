// Bucket settings through the official Node SDK (npm qiniu BucketManager), round-tripped through getBucketInfo /
// their getters, and enforced on downloads: referer anti-leech, CORS, max-age, original protection, private switch.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
let domain: string;
const B = "settings";

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  await call(sdk.bucketManager.createBucket(B, { regionId: "z0" }));
  await call(sdk.formUploader.put(sdk.uploadToken({ scope: `${B}:a.txt` }), "a.txt", Buffer.from("hello"), new sdk.qiniu.form_up.PutExtra()));
  const info = (await (await fetch(`${emu.endpoints.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> };
  domain = info.buckets[B].domain;
});
afterAll(() => emu?.stop());

interface BucketInfo {
  private: number;
  protected: number;
  max_age: number;
  anti_leech_mode: number;
  refer_wl: string[];
  refer_bl: string[];
  allow_empty_referer: boolean;
  ctime: string;
  source_enabled: boolean;
}
/** The SDK's typings lack `source_enabled` and make every field required; the SDK itself fills in defaults. */
const putRefer = (options: Record<string, unknown>) =>
  sdk.bucketManager.putReferAntiLeech(B, options as Parameters<Sdk["bucketManager"]["putReferAntiLeech"]>[1]);
const bucketInfo = async () => (await call<BucketInfo>(sdk.bucketManager.getBucketInfo(B))).data;

/** A raw GET/OPTIONS with exactly these headers (fetch would add or refuse Origin/Referer). */
function request(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${domain}${path}`, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("referer anti-leech", () => {
  it("a whitelist lets matching referers in, refuses others with 403, and an empty referer per norefer", async () => {
    expect((await call(putRefer({ mode: 1, norefer: 0, pattern: "*.example.com;good.org", source_enabled: 1 }))).status).toBe(200);
    expect(await bucketInfo()).toMatchObject({
      anti_leech_mode: 1,
      refer_wl: ["*.example.com", "good.org"],
      refer_bl: [],
      allow_empty_referer: false,
      source_enabled: true,
    });
    expect((await request("GET", "/a.txt", { Referer: "https://cdn.example.com/page" })).status).toBe(200);
    expect((await request("GET", "/a.txt", { Referer: "http://good.org/" })).status).toBe(200);
    const refused = await request("GET", "/a.txt", { Referer: "https://evil.com/" });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error).toContain("referer");
    expect((await request("GET", "/a.txt")).status).toBe(403);
    await call(putRefer({ mode: 1, norefer: 1, pattern: "good.org" }));
    expect((await request("GET", "/a.txt")).status).toBe(200);
  });

  it("a blacklist refuses matching referers only; mode 0 turns it off", async () => {
    await call(putRefer({ mode: 2, norefer: 1, pattern: "evil.com" }));
    expect(await bucketInfo()).toMatchObject({ anti_leech_mode: 2, refer_bl: ["evil.com"], refer_wl: [] });
    expect((await request("GET", "/a.txt", { Referer: "https://evil.com/x" })).status).toBe(403);
    expect((await request("GET", "/a.txt", { Referer: "https://fine.com/x" })).status).toBe(200);
    await call(putRefer({ mode: 0 }));
    expect((await bucketInfo()).anti_leech_mode).toBe(0);
    expect((await request("GET", "/a.txt", { Referer: "https://evil.com/x" })).status).toBe(200);
  });

  it("refuses an unknown mode or a whitelist without patterns", async () => {
    const bad = await call(putRefer({ mode: 3, pattern: "a.com" }));
    expect(bad.status).toBe(400);
    expect((await call(putRefer({ mode: 1, pattern: "" }))).status).toBe(400);
  });
});

describe("CORS rules", () => {
  const rules = [
    { allowed_origin: ["http://www.test1.com"], allowed_method: ["GET", "POST"] },
    { allowed_origin: ["https://*.test2.com"], allowed_method: ["GET"], allowed_header: ["X-Custom"], exposed_header: ["ETag"], max_age: 600 },
  ];

  it("round-trips through putCorsRules / getCorsRules", async () => {
    expect((await call(sdk.bucketManager.putCorsRules(B, rules))).status).toBe(200);
    expect((await call(sdk.bucketManager.getCorsRules(B))).data).toEqual(rules);
  });

  it("downloads answer the first matching rule's headers, and no CORS headers to other origins", async () => {
    await call(sdk.bucketManager.putCorsRules(B, rules));
    const one = await request("GET", "/a.txt", { Origin: "http://www.test1.com" });
    expect(one.headers["access-control-allow-origin"]).toBe("http://www.test1.com");
    expect(one.headers["access-control-allow-methods"]).toBe("GET, POST");
    const two = await request("GET", "/a.txt", { Origin: "https://app.test2.com" });
    expect(two.headers["access-control-allow-origin"]).toBe("https://app.test2.com");
    expect(two.headers["access-control-expose-headers"]).toBe("X-Log, X-Reqid, ETag");
    expect(two.headers["access-control-max-age"]).toBe("600");
    const other = await request("GET", "/a.txt", { Origin: "http://elsewhere.com" });
    expect(other.status).toBe(200);
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("preflights are matched on origin, method and headers; a refused preflight is 403", async () => {
    await call(sdk.bucketManager.putCorsRules(B, rules));
    const ok = await request("OPTIONS", "/a.txt", {
      Origin: "https://app.test2.com",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "x-custom",
    });
    expect(ok.status).toBe(200);
    expect(ok.headers["access-control-allow-headers"]).toBe("x-custom");
    const wrongMethod = await request("OPTIONS", "/a.txt", { Origin: "https://app.test2.com", "Access-Control-Request-Method": "PUT" });
    expect(wrongMethod.status).toBe(403);
    expect(wrongMethod.headers["access-control-allow-origin"]).toBeUndefined();
    const wrongHeader = await request("OPTIONS", "/a.txt", {
      Origin: "http://www.test1.com",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "x-other",
    });
    expect(wrongHeader.status).toBe(403);
  });

  it("an empty rule list allows every origin again; malformed rules are refused", async () => {
    await call(sdk.bucketManager.putCorsRules(B, []));
    expect((await request("GET", "/a.txt", { Origin: "http://elsewhere.com" })).headers["access-control-allow-origin"]).toBe("http://elsewhere.com");
    expect((await call(sdk.bucketManager.putCorsRules(B, [{ allowed_origin: [], allowed_method: ["GET"] }]))).status).toBe(400);
    expect((await call(sdk.bucketManager.putCorsRules(B, [{ allowed_origin: ["*"], allowed_method: ["FLY"] }]))).status).toBe(400);
  });
});

describe("max-age, access style and the private switch", () => {
  it("putBucketMaxAge sets Cache-Control of downloads (<= 0 restores the default)", async () => {
    expect((await call(sdk.bucketManager.putBucketMaxAge(B, { maxAge: 3600 }))).status).toBe(200);
    expect((await bucketInfo()).max_age).toBe(3600);
    expect((await request("GET", "/a.txt")).headers["cache-control"]).toBe("public, max-age=3600");
    await call(sdk.bucketManager.putBucketMaxAge(B, { maxAge: 0 }));
    expect((await request("GET", "/a.txt")).headers["cache-control"]).toBe("public, max-age=31536000");
  });

  it("putBucketAccessStyleMode 1 protects originals: plain downloads get 403, processed ones work", async () => {
    expect((await call(sdk.bucketManager.putBucketAccessStyleMode(B, 1))).status).toBe(200);
    expect((await bucketInfo()).protected).toBe(1);
    expect((await request("GET", "/a.txt")).status).toBe(403);
    await call(sdk.bucketManager.putBucketAccessStyleMode(B, 0));
    expect((await bucketInfo()).protected).toBe(0);
    expect((await request("GET", "/a.txt")).status).toBe(200);
    expect((await call(sdk.bucketManager.putBucketAccessStyleMode(B, 2))).status).toBe(400);
  });

  it("putBucketAccessMode switches the bucket private and back", async () => {
    expect((await call(sdk.bucketManager.putBucketAccessMode(B, { private: 1 }))).status).toBe(200);
    const info = await bucketInfo();
    expect(info.private).toBe(1);
    // go-sdk parses ctime with time.RFC3339.
    expect(info.ctime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect((await request("GET", "/a.txt")).status).toBe(401);
    const signed = new URL(sdk.bucketManager.privateDownloadUrl(domain, "a.txt", Math.floor(Date.now() / 1000) + 600));
    expect((await request("GET", `${signed.pathname}${signed.search}`)).status).toBe(200);
    await call(sdk.bucketManager.putBucketAccessMode(B, { private: 0 }));
    expect((await request("GET", "/a.txt")).status).toBe(200);
  });

  it("/v2/bucketInfos lists every bucket of a region with its info (go-sdk BucketInfosInRegion)", async () => {
    await call(sdk.bucketManager.putBucketMaxAge(B, { maxAge: 77 }));
    const url = `${emu.endpoints.uc}/v2/bucketInfos?region=z0`;
    const res = await fetch(url, { method: "POST", headers: { Authorization: sdk.qiniu.util.generateAccessToken(sdk.mac, url) } });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { name: string; info: BucketInfo }[];
    expect(list.find((b) => b.name === B)?.info).toMatchObject({ max_age: 77, private: 0 });
    await call(sdk.bucketManager.putBucketMaxAge(B, { maxAge: 0 }));
  });
});
