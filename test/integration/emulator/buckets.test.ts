// Buckets, domains, privacy and region queries through the official Node SDK (npm qiniu) and by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signQiniuV2 } from "@/lib/qiniu/auth";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, hostOf, sdkFor, setUcHost, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
const B = "bkt-main";
const B2 = "bkt-other";

async function upload(key: string, body: string, bucket = B): Promise<{ hash: string; key: string }> {
  const r = await call<{ hash: string; key: string }>(
    sdk.formUploader.put(sdk.uploadToken({ scope: `${bucket}:${key}` }), key, Buffer.from(body), new sdk.qiniu.form_up.PutExtra()),
  );
  expect(r.status).toBe(200);
  return r.data;
}

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  for (const b of [B, B2]) expect((await call(sdk.bucketManager.createBucket(b, { regionId: "z0" }))).status).toBe(200);
});

afterAll(() => emu?.stop());

describe("buckets and region", () => {
  it("lists buckets, their download domains (v2 and v3) and bucket info", async () => {
    const list = await call<string[]>(sdk.bucketManager.listBucket());
    expect(list.data).toEqual(expect.arrayContaining([B, B2]));
    const v3 = await call<{ domain: string; tbl: string }[]>(sdk.bucketManager.listBucketDomains(B));
    expect(v3.data[0].tbl).toBe(B);
    expect(`http://${v3.data[0].domain}`).toBe((await info()).buckets[B].domain);
    const v2 = await signedFetch("GET", `${emu.endpoints.uc}/v2/domains?tbl=${B}`);
    expect(v2.status).toBe(200);
    expect(await v2.json()).toEqual([v3.data[0].domain]);
    const bi = await call<{ region: string; private: number }>(sdk.bucketManager.getBucketInfo(B));
    expect(bi.data).toMatchObject({ region: "z0", private: 0 });
  });

  it("creating an existing bucket gives 614, an unknown bucket gives 631", async () => {
    const again = await call(sdk.bucketManager.createBucket(B, { regionId: "z0" })).catch((e) => e);
    expect(statusOf(again)).toBe(614);
    const missing = await call(sdk.bucketManager.stat("no-such-bucket", "a")).catch((e) => e);
    expect(statusOf(missing)).toBe(631);
  });

  it("answers /v4/query with every service (hosts without scheme) so SDK auto-discovery works", async () => {
    const res = await fetch(`${emu.endpoints.uc}/v4/query?ak=${emu.accessKey}&bucket=${B}`);
    const body = (await res.json()) as { hosts: Record<string, { domains: string[] }>[] };
    const h = body.hosts[0];
    for (const s of ["up", "io", "uc", "rs", "rsf", "api", "s3"]) expect(h[s].domains.length).toBeGreaterThan(0);
    expect(h.rs.domains[0]).toBe(hostOf(emu.endpoints.rs));
    expect(h.up.domains[0]).not.toMatch(/^https?:/);
    // An SDK configured with only the uc host discovers everything else.
    const { qiniu } = sdk;
    setUcHost(hostOf(emu.endpoints.uc));
    const cfg = new qiniu.conf.Config({ useHttpsDomain: false, regionsQueryResultCachePath: null } as ConstructorParameters<typeof qiniu.conf.Config>[0]);
    const bm = new qiniu.rs.BucketManager(sdk.mac, cfg);
    await upload("discovered.txt", "found via v4/query");
    const st = await call<{ fsize: number }>(bm.stat(B, "discovered.txt"));
    expect(st.data.fsize).toBe("found via v4/query".length);
  });

  it("toggles the private flag with /private and reports it in /__emulator", async () => {
    const r = await signedFetch("POST", `${emu.endpoints.uc}/private`, `bucket=${B2}&private=1`);
    expect(r.status).toBe(200);
    expect((await info()).buckets[B2].private).toBe(true);
    await signedFetch("POST", `${emu.endpoints.uc}/private`, `bucket=${B2}&private=0`);
    expect((await info()).buckets[B2].private).toBe(false);
  });
});

describe("bucket lifecycle and legacy endpoints", () => {
  it("drops only empty buckets, and stops serving the dropped bucket's domain", async () => {
    expect((await call(sdk.bucketManager.createBucket("bkt-drop", { regionId: "z0" }))).status).toBe(200);
    const domain = (await info()).buckets["bkt-drop"].domain;
    await upload("x.txt", "x", "bkt-drop");
    expect(statusOf(await call(sdk.bucketManager.deleteBucket("bkt-drop")).catch((e) => e))).toBe(400);
    await call(sdk.bucketManager.delete("bkt-drop", "x.txt"));
    expect((await call(sdk.bucketManager.deleteBucket("bkt-drop"))).status).toBe(200);
    expect((await call<string[]>(sdk.bucketManager.listBucket())).data).not.toContain("bkt-drop");
    await expect(fetch(`${domain}/x.txt`)).rejects.toThrow();
    const badName = await call(sdk.bucketManager.createBucket("Bad_Name!", { regionId: "z0" })).catch((e) => e);
    expect(statusOf(badName)).toBe(400);
  });

  it("answers /v3/buckets, /v2/query (qiniu-js) and /v6/domain/list", async () => {
    const v3 = await signedFetch("GET", `${emu.endpoints.uc}/v3/buckets?region=z0`);
    expect(((await v3.json()) as { tbl: string }[]).map((b) => b.tbl)).toEqual(expect.arrayContaining([B, B2]));
    const q = (await (await fetch(`${emu.endpoints.uc}/v2/query?ak=${emu.accessKey}&bucket=${B}`)).json()) as { up: { src: { main: string[] } } };
    expect(q.up.src.main).toEqual([hostOf(emu.endpoints.up)]);
    const legacy = await signedFetch("GET", `${emu.endpoints.api}/v6/domain/list?tbl=${B}`);
    expect(await legacy.json()).toEqual([hostOf((await info()).buckets[B].domain)]);
  });
});

function creds() {
  return { accessKey: emu.accessKey, secretKey: emu.secretKey };
}

async function info(): Promise<{ buckets: Record<string, { domain: string; private: boolean }> }> {
  return (await fetch(`${emu.endpoints.uc}/__emulator`)).json() as Promise<{ buckets: Record<string, { domain: string; private: boolean }> }>;
}

function signedFetch(method: string, url: string, form?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (form !== undefined) headers["Content-Type"] = "application/x-www-form-urlencoded";
  headers.Authorization = signQiniuV2(creds(), { method, url, body: form, contentType: form !== undefined ? undefined : null });
  return fetch(url, { method, headers, body: form });
}

function statusOf(x: unknown): number | undefined {
  if (x && typeof x === "object") {
    const o = x as { status?: number; resp?: { statusCode?: number }; code?: number };
    return o.status ?? o.resp?.statusCode ?? o.code;
  }
  return undefined;
}
