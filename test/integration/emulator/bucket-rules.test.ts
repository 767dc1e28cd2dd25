// Bucket lifecycle and event rules, quotas, tags and bucket creation through the official Node SDK (npm qiniu
// BucketManager), with a one-second lifecycle day (EMULATOR_DAY_SECONDS=1) so rules visibly apply by put time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signQiniuV2 } from "@/lib/qiniu/auth";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
const B = "rules";

beforeAll(async () => {
  emu = await startEmulator({ env: { EMULATOR_DAY_SECONDS: "1", EMULATOR_SWEEP_MS: "100" } });
  sdk = sdkFor(emu);
  await call(sdk.bucketManager.createBucket(B, { regionId: "z0" }));
});
afterAll(() => emu?.stop());

type Stat = { putTime: number; type: number; expiration?: number; transitionToIA?: number };
const stat = async (key: string) => (await call<Stat>(sdk.bucketManager.stat(B, key))) as { status: number; data: Stat };
const put = (key: string, body = "x", bucket = B, policy: Record<string, unknown> = {}) =>
  call<{ key: string; error?: string }>(
    sdk.formUploader.put(sdk.uploadToken({ scope: `${bucket}:${key}`, ...policy }), key, Buffer.from(body), new sdk.qiniu.form_up.PutExtra()),
  );
/** Unix seconds `days` one-second days after the object's put time. */
const dayAfter = (s: Stat, days: number) => Math.floor((s.putTime / 10000 + days * 1000) / 1000);

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not reached");
}

describe("lifecycle rules", () => {
  const rule = { name: "logs_rule", prefix: "logs/", to_line_after_days: 1, delete_after_days: 3 };

  it("put / get / update / delete round-trip with the SDK's field names", async () => {
    expect((await call(sdk.bucketManager.putBucketLifecycleRule(B, rule))).status).toBe(200);
    const got = await call<Record<string, unknown>[]>(sdk.bucketManager.getBucketLifecycleRule(B));
    expect(got.data.find((r) => r.name === "logs_rule")).toMatchObject({ ...rule, to_archive_ir_after_days: 0, history_delete_after_days: 0 });
    expect((await call(sdk.bucketManager.putBucketLifecycleRule(B, rule))).status).toBe(614);
    expect((await call(sdk.bucketManager.updateBucketLifecycleRule(B, { ...rule, delete_after_days: 5 }))).status).toBe(200);
    expect((await call<{ delete_after_days: number }[]>(sdk.bucketManager.getBucketLifecycleRule(B))).data[0].delete_after_days).toBe(5);
    expect((await call(sdk.bucketManager.deleteBucketLifecycleRule(B, "logs_rule"))).status).toBe(200);
    expect((await call(sdk.bucketManager.getBucketLifecycleRule(B))).data).toEqual([]);
    expect((await call(sdk.bucketManager.deleteBucketLifecycleRule(B, "logs_rule"))).status).toBe(612);
  });

  it("refuses bad names and days that do not grow from transition to deletion", async () => {
    expect((await call(sdk.bucketManager.putBucketLifecycleRule(B, { ...rule, name: "bad name!" }))).status).toBe(400);
    expect((await call(sdk.bucketManager.putBucketLifecycleRule(B, { ...rule, to_line_after_days: 5, delete_after_days: 3 }))).status).toBe(400);
  });

  it("dates new and existing objects under the prefix by put time; the sweeper deletes them; deleting the rule undoes it", async () => {
    await put("logs/old.txt");
    await put("other/keep.txt");
    await put("logs/own.txt", "x", B, { deleteAfterDays: 100 });
    await call(sdk.bucketManager.putBucketLifecycleRule(B, { name: "life_rule", prefix: "logs/", to_line_after_days: 1, delete_after_days: 30 }));
    const old = (await stat("logs/old.txt")).data;
    expect(old).toMatchObject({ transitionToIA: dayAfter(old, 1), expiration: dayAfter(old, 30) });
    expect((await stat("other/keep.txt")).data.expiration).toBeUndefined();
    const own = (await stat("logs/own.txt")).data;
    expect(own.expiration).toBe(dayAfter(own, 100));
    await put("logs/new.txt");
    const fresh = (await stat("logs/new.txt")).data;
    expect(fresh.expiration).toBe(dayAfter(fresh, 30));
    await until(async () => (await stat("logs/new.txt")).data.type === 1);

    await call(sdk.bucketManager.updateBucketLifecycleRule(B, { name: "life_rule", prefix: "logs/", delete_after_days: 3 }));
    const updated = (await stat("logs/old.txt")).data;
    expect(updated.transitionToIA).toBeUndefined();
    expect(updated.expiration).toBe(dayAfter(updated, 3));
    await until(async () => (await stat("logs/old.txt")).status === 612);
    expect((await stat("logs/own.txt")).data.expiration).toBe(dayAfter(own, 100));

    await put("logs/late.txt");
    await call(sdk.bucketManager.deleteBucketLifecycleRule(B, "life_rule"));
    expect((await stat("logs/late.txt")).data.expiration).toBeUndefined();
  });
});

describe("event rules", () => {
  it("add / get / update / delete round-trip", async () => {
    const added = await call(sdk.bucketManager.putBucketEvent(B, { name: "ev_1", event: "mkfile", callbackURL: "http://127.0.0.1:9/cb", prefix: "img/" }));
    expect(added.status).toBe(200);
    const got = await call<Record<string, unknown>[]>(sdk.bucketManager.getBucketEvent(B));
    expect(got.data).toEqual([
      { name: "ev_1", prefix: "img/", suffix: "", event: ["mkfile"], callbackURL: ["http://127.0.0.1:9/cb"], accessKey: "", host: "" },
    ]);
    expect((await call(sdk.bucketManager.updateBucketEvent(B, { name: "ev_1", event: "copy", callbackURL: "http://127.0.0.1:9/cb2" }))).status).toBe(200);
    expect((await call<{ event: string[] }[]>(sdk.bucketManager.getBucketEvent(B))).data[0].event).toEqual(["copy"]);
    expect((await call(sdk.bucketManager.putBucketEvent(B, { name: "ev_2", event: "explode" as "put", callbackURL: "http://127.0.0.1:9/cb" }))).status).toBe(
      400,
    );
    expect((await call(sdk.bucketManager.deleteBucketEvent(B, "ev_1"))).status).toBe(200);
    expect((await call(sdk.bucketManager.getBucketEvent(B))).data).toEqual([]);
  });
});

describe("quota", () => {
  const Q = "quota-bkt";

  it("round-trips, refuses uploads past the size or count limit, and -1 lifts a limit", async () => {
    await call(sdk.bucketManager.createBucket(Q, { regionId: "z0" }));
    expect((await call(sdk.bucketManager.getBucketQuota(Q))).data).toEqual({ size: -1, count: -1 });
    expect((await call(sdk.bucketManager.putBucketQuota(Q, { size: 10, count: 2 }))).status).toBe(200);
    expect((await call(sdk.bucketManager.getBucketQuota(Q))).data).toEqual({ size: 10, count: 2 });
    expect((await put("a", "12345", Q)).status).toBe(200);
    const tooBig = await put("b", "123456", Q);
    expect(tooBig.status).toBe(403);
    expect(tooBig.data.error).toContain("quota");
    expect((await put("b", "1234", Q)).status).toBe(200);
    expect((await put("a", "123456", Q)).status).toBe(200); // replacing a: 6 + 4 bytes fit
    const tooMany = await put("c", "", Q);
    expect(tooMany.status).toBe(403);
    expect(tooMany.data.error).toContain("count");
    await call(sdk.bucketManager.putBucketQuota(Q, { size: 0, count: -1 }));
    expect((await call(sdk.bucketManager.getBucketQuota(Q))).data).toEqual({ size: 10, count: -1 });
    expect((await put("c", "", Q)).status).toBe(200);
  });
});

function signed(method: string, url: string, body?: string): Promise<Response> {
  const headers: Record<string, string> = {
    Authorization: signQiniuV2(
      { accessKey: emu.accessKey, secretKey: emu.secretKey },
      { method, url, body, contentType: body === undefined ? null : "application/json" },
    ),
  };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return fetch(url, { method, headers, body });
}

describe("tags and bucket listing", () => {
  it("PUT / GET / DELETE /bucketTagging, and listBucket filters by tagCondition", async () => {
    const url = `${emu.endpoints.uc}/bucketTagging?bucket=${B}`;
    const tags = {
      Tags: [
        { Key: "env", Value: "prod" },
        { Key: "team", Value: "media" },
      ],
    };
    expect((await signed("PUT", url, JSON.stringify(tags))).status).toBe(200);
    expect(await (await signed("GET", url)).json()).toEqual(tags);
    expect((await call<string[]>(sdk.bucketManager.listBucket({ shared: "", tagCondition: { env: "prod" } }))).data).toEqual([B]);
    expect((await call<string[]>(sdk.bucketManager.listBucket({ shared: "", tagCondition: { env: "dev" } }))).data).toEqual([]);
    expect((await call<string[]>(sdk.bucketManager.listBucket({ shared: "", tagCondition: { team: "" } }))).data).toEqual([B]);
    expect((await signed("PUT", url, JSON.stringify({ Tags: [{ Key: "kodo-x", Value: "v" }] }))).status).toBe(400);
    expect((await signed("DELETE", url)).status).toBe(200);
    expect(await (await signed("GET", url)).json()).toEqual({ Tags: [] });
  });

  it("bucket names follow Qiniu's rules; a dropped bucket's settings go with it", async () => {
    for (const bad of ["ab", "Upper", "-lead", "trail-", "under_score", "a".repeat(64)]) {
      expect((await call(sdk.bucketManager.createBucket(bad, { regionId: "z0" }))).status).toBe(400);
    }
    await call(sdk.bucketManager.createBucket("gone-bkt", { regionId: "z0" }));
    await call(sdk.bucketManager.putBucketMaxAge("gone-bkt", { maxAge: 60 }));
    expect((await call(sdk.bucketManager.deleteBucket("gone-bkt"))).status).toBe(200);
    await call(sdk.bucketManager.createBucket("gone-bkt", { regionId: "z0" }));
    expect((await call<{ max_age: number }>(sdk.bucketManager.getBucketInfo("gone-bkt"))).data.max_age).toBe(31536000);
  });
});
