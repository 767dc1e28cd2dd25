// The emulator's two regions: z0 and z1 have their own up (primary + backup), rs, rsf, api and io hosts; a bucket lives
// in one; another region's host refuses it with 400 "incorrect region, please use <right host>" (README "Regions").
// The official Node SDK, given only the uc host, finds the z1 hosts by its own region query and works unchanged.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodedEntry } from "@/lib/qiniu/entry";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, hostOf, sdkFor, setUcHost, viaCallback, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
const Z1 = "rg-north";
const Z0 = "rg-east";

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  expect((await call(sdk.bucketManager.createBucket(Z1, { regionId: "z1" }))).status).toBe(200);
  expect((await call(sdk.bucketManager.createBucket(Z0, { regionId: "z0" }))).status).toBe(200);
});
afterAll(() => emu?.stop());

/** The SDK with no zone: it asks uc (the emulator) for each bucket's region, as against Qiniu. */
function sdkByQuery() {
  setUcHost(hostOf(emu.endpoints.uc));
  const config = new sdk.qiniu.conf.Config({ useHttpsDomain: false });
  return {
    formUploader: new sdk.qiniu.form_up.FormUploader(config),
    resumeUploader: new sdk.qiniu.resume_up.ResumeUploader(config),
    bucketManager: new sdk.qiniu.rs.BucketManager(sdk.mac, config),
  };
}

const refusal = (host: string) => ({ status: 400, data: { error: `incorrect region, please use ${hostOf(host)}` } });

describe("emulator regions", () => {
  it("z0 and z1 have distinct host sets; /v4/query answers each bucket's own", async () => {
    const z0 = emu.regions.z0;
    const z1 = emu.regions.z1;
    const all = [...z0.up, z0.rs, z0.rsf, z0.api, z0.io, ...z1.up, z1.rs, z1.rsf, z1.api, z1.io];
    expect(new Set(all).size).toBe(all.length);
    expect(z0.rs).toBe(emu.endpoints.rs);
    for (const [bucket, ep] of [
      [Z1, z1],
      [Z0, z0],
    ] as const) {
      const body = (await (await fetch(`${emu.endpoints.uc}/v4/query?ak=${emu.accessKey}&bucket=${bucket}`)).json()) as {
        hosts: Record<string, { domains: string[] }>[];
      };
      const h = body.hosts[0];
      expect(h.up.domains).toEqual(ep.up.map(hostOf));
      expect([h.rs.domains, h.rsf.domains, h.api.domains, h.io.domains]).toEqual([[hostOf(ep.rs)], [hostOf(ep.rsf)], [hostOf(ep.api)], [hostOf(ep.io)]]);
      expect(h.uc.domains).toEqual([hostOf(emu.endpoints.uc)]);
    }
  });

  it("an upload to z0's up host for the z1 bucket is refused naming z1's up host, and the other way round", async () => {
    const put = (bucket: string) =>
      call(sdk.formUploader.put(sdk.uploadToken({ scope: bucket }), "wrong.txt", Buffer.from("x"), new sdk.qiniu.form_up.PutExtra()));
    expect(await put(Z1)).toMatchObject(refusal(emu.regions.z1.up[0]));
    const z1Zone = new sdk.qiniu.conf.Zone([hostOf(emu.regions.z1.up[0])], [], "", "", "", "");
    const z1Uploader = new sdk.qiniu.form_up.FormUploader(new sdk.qiniu.conf.Config({ zone: z1Zone, useHttpsDomain: false }));
    const r = await call(z1Uploader.put(sdk.uploadToken({ scope: Z0 }), "wrong.txt", Buffer.from("x"), new sdk.qiniu.form_up.PutExtra()));
    expect(r).toMatchObject(refusal(emu.regions.z0.up[0]));
    // Resumable v2 and v1 starts are refused the same way.
    const init = await fetch(`${emu.endpoints.up}/buckets/${Z1}/objects/~/uploads`, {
      method: "POST",
      headers: { Authorization: `UpToken ${sdk.uploadToken({ scope: Z1 })}` },
    });
    expect({ status: init.status, data: await init.json() }).toEqual(refusal(emu.regions.z1.up[0]));
    const mkblk = await fetch(`${emu.endpoints.up}/mkblk/1`, {
      method: "POST",
      body: "x",
      headers: { Authorization: `UpToken ${sdk.uploadToken({ scope: Z1 })}` },
    });
    expect({ status: mkblk.status, data: await mkblk.json() }).toEqual(refusal(emu.regions.z1.up[0]));
  });

  it("rs, rsf, io and api on z0 refuse the z1 bucket naming z1's host; a missing bucket is still 631", async () => {
    expect(await call(sdk.bucketManager.stat(Z1, "k"))).toMatchObject(refusal(emu.regions.z1.rs));
    expect(await call(sdk.bucketManager.listPrefix(Z1, {}))).toMatchObject(refusal(emu.regions.z1.rsf));
    expect(await call(sdk.bucketManager.prefetch(Z1, "k"))).toMatchObject(refusal(emu.regions.z1.io));
    const pf = await viaCallback((cb) => sdk.operationManager.pfop(Z1, "k", ["avinfo"], "", {}, cb as never));
    expect(pf).toMatchObject(refusal(emu.regions.z1.api));
    // One batch op per bucket: the wrong-region item fails, the right-region one runs.
    const batch = await call<{ code: number; data: unknown }[]>(sdk.bucketManager.batch([`/stat/${encodedEntry(Z1, "k")}`, `/stat/${encodedEntry(Z0, "k")}`]));
    expect(batch.data).toEqual([
      { code: 400, data: { error: `incorrect region, please use ${hostOf(emu.regions.z1.rs)}` } },
      { code: 612, data: { error: "no such file or directory" } },
    ]);
    expect((await call(sdk.bucketManager.stat("rg-missing", "k"))).status).toBe(631);
  });

  it("the SDK, given only the uc host, uploads (form, resumable), stats, lists and batches on the z1 bucket; pfop on z1's api", async () => {
    const s = sdkByQuery();
    const put = await call<{ key: string; hash: string }>(
      s.formUploader.put(sdk.uploadToken({ scope: `${Z1}:sdk.txt` }), "sdk.txt", Buffer.from("north"), new sdk.qiniu.form_up.PutExtra()),
    );
    expect(put.status).toBe(200);
    const big = Buffer.alloc(5 * 1024 * 1024, 7);
    const extra = new sdk.qiniu.resume_up.PutExtra();
    extra.version = "v2";
    extra.partSize = 4 * 1024 * 1024;
    const resumed = await call<{ key: string }>(
      s.resumeUploader.putStream(sdk.uploadToken({ scope: `${Z1}:big.bin` }), "big.bin", Readable.from([big]), big.length, extra),
    );
    expect(resumed.data.key).toBe("big.bin");
    expect(await call(s.bucketManager.stat(Z1, "sdk.txt"))).toMatchObject({ status: 200, data: { fsize: 5, hash: put.data.hash } });
    const list = await call<{ items: { key: string }[] }>(s.bucketManager.listPrefix(Z1, {}));
    expect(list.data.items.map((i) => i.key).sort()).toEqual(["big.bin", "sdk.txt"]);
    expect((await call(s.bucketManager.copy(Z1, "sdk.txt", Z1, "copy.txt", {}))).status).toBe(200);
    const batch = await call<{ code: number }[]>(s.bucketManager.batch([`/stat/${encodedEntry(Z1, "copy.txt")}`]));
    expect(batch.data.map((r) => r.code)).toEqual([200]);
    // OperationManager's own region query always uses https (an SDK quirk): give it the z1 hosts instead.
    const z1 = emu.regions.z1;
    const zone = new sdk.qiniu.conf.Zone(z1.up.map(hostOf), [], hostOf(z1.io), hostOf(z1.rs), hostOf(z1.rsf), hostOf(z1.api));
    const ops = new sdk.qiniu.fop.OperationManager(sdk.mac, new sdk.qiniu.conf.Config({ zone, useHttpsDomain: false }));
    const pf = await viaCallback<{ persistentId: string }>((cb) => ops.pfop(Z1, "sdk.txt", ["avinfo"], "", {}, cb as never));
    expect(pf.status).toBe(200);
    expect(pf.data.persistentId).toMatch(/^z1\./);
  });
});
