// Region queries as the SDKs read them: v4 (nodejs-sdk, python-sdk), v3 (java-sdk AutoRegion), v2 (qiniu-js), their
// errors (python-sdk test_regions_provider.py: 612 for a bad AK) and distinct primary / backup up hosts
// (python-sdk test_lagacy_region.py: up_host != up_host_backup).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, hostOf, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
const B = "region-q";

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  await call(sdk.bucketManager.createBucket(B, { regionId: "z1" }));
});
afterAll(() => emu?.stop());

async function query(version: string, ak: string, bucket: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emu.endpoints.uc}/${version}/query?ak=${encodeURIComponent(ak)}&bucket=${encodeURIComponent(bucket)}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

interface MainBackup {
  main: string[];
  backup: string[];
}
interface Main {
  main: string[];
}
interface V2Entry {
  region: string;
  up: { acc: MainBackup; src: MainBackup };
  io: { src: Main };
  rs: { acc: Main };
  rsf: { acc: Main };
  api: { acc: Main };
  uc: { acc: Main };
}

describe("region query", () => {
  it.each(["v2", "v3", "v4"])("%s: an unknown access key gets 612, a bucket that does not exist 631", async (v) => {
    expect(await query(v, "fake", "fake")).toEqual({ status: 612, body: { error: "app/accesskey is not found" } });
    expect(await query(v, emu.accessKey, "no-such-bucket")).toEqual({ status: 631, body: { error: "no such bucket" } });
  });

  it("v4 lists two distinct up hosts, both of which take uploads", async () => {
    const { status, body } = await query("v4", emu.accessKey, B);
    expect(status).toBe(200);
    const h = (body.hosts as { region: string; up: { domains: string[] }; rs: { domains: string[] } }[])[0];
    expect(h.region).toBe("z1");
    // The z1 bucket's own region's hosts (regions.test.ts covers the region split).
    expect(h.rs.domains).toEqual([hostOf(emu.regions.z1.rs)]);
    const [primary, backup] = h.up.domains;
    expect(primary).toBe(hostOf(emu.regions.z1.up[0]));
    expect(backup).toBeDefined();
    expect(backup).not.toBe(primary);
    const zone = new sdk.qiniu.conf.Zone(
      [backup],
      [],
      hostOf(emu.endpoints.io),
      hostOf(emu.endpoints.rs),
      hostOf(emu.endpoints.rsf),
      hostOf(emu.endpoints.api),
    );
    const uploader = new sdk.qiniu.form_up.FormUploader(new sdk.qiniu.conf.Config({ zone, useHttpsDomain: false }));
    const r = await call<{ key: string }>(
      uploader.put(sdk.uploadToken({ scope: `${B}:via-backup.txt` }), "via-backup.txt", Buffer.from("b"), new sdk.qiniu.form_up.PutExtra()),
    );
    expect(r.data.key).toBe("via-backup.txt");
  });

  it("v3 answers `hosts` of main/backup entries, v2 the entry itself", async () => {
    const v3 = await query("v3", emu.accessKey, B);
    const entry = (v3.body.hosts as V2Entry[])[0];
    const v2 = await query("v2", emu.accessKey, B);
    expect(v2.body).toEqual(entry);
    expect(entry.region).toBe("z1");
    expect(entry.up.src.main).toEqual([hostOf(emu.regions.z1.up[0])]);
    expect(entry.up.src.backup).toHaveLength(1);
    expect(entry.up.src.backup[0]).not.toBe(entry.up.src.main[0]);
    expect(entry.io.src.main).toEqual([hostOf(emu.regions.z1.io)]);
    expect(entry.rs.acc.main).toEqual([hostOf(emu.regions.z1.rs)]);
    expect(entry.uc.acc.main).toEqual([hostOf(emu.endpoints.uc)]);
    expect(v3.body.hosts).not.toEqual((await query("v4", emu.accessKey, B)).body.hosts);
  });
});
