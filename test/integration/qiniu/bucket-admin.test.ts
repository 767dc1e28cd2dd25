// lib/qiniu/bucket-admin.ts and stats.ts against the real emulator: each setting written by our functions is read back
// through the official Node SDK (and the other way round), and statistics follow real uploads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUploadToken } from "@/lib/qiniu/auth";
import * as admin from "@/lib/qiniu/bucket-admin";
import { QiniuClient } from "@/lib/qiniu/client";
import { QiniuError } from "@/lib/qiniu/errors";
import { blobIo, storageStat } from "@/lib/qiniu/stats";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "../emulator/sdk";

let emu: RunningEmulator;
let sdk: Sdk;
let t: QiniuClient["transport"];
const B = "admin-settings";

async function upload(bucket: string, key: string, content: string): Promise<void> {
  const form = new FormData();
  form.set("token", signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { scope: `${bucket}:${key}` }));
  form.set("key", key);
  form.set("file", new Blob([content]), "f.bin");
  // To the bucket's own region's up host, as the region query names it (admin-drop lives in z1).
  const query = await fetch(`${emu.endpoints.uc}/v4/query?ak=${emu.accessKey}&bucket=${bucket}`);
  const up = ((await query.json()) as { hosts: { up: { domains: string[] } }[] }).hosts[0].up.domains[0];
  const res = await fetch(`http://${up}/`, { method: "POST", body: form });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  t = new QiniuClient({ accessKey: emu.accessKey, secretKey: emu.secretKey, hosts: { ...emu.endpoints }, timeoutMs: 10_000 }).transport;
  await admin.createBucket(t, B, "z0");
});
afterAll(() => emu?.stop());

const info = async () => (await call<Record<string, unknown>>(sdk.bucketManager.getBucketInfo(B))).data;

describe("bucket settings through lib/qiniu, checked with the official SDK", () => {
  it("create refuses names Qiniu refuses before sending, and a taken name with 614", async () => {
    await expect(admin.createBucket(t, "Bad_Name", "z0")).rejects.toMatchObject({ name: "QiniuInputError" });
    await expect(admin.createBucket(t, B, "z0")).rejects.toMatchObject({ status: 614, code: "file_exists" });
  });

  it("private switch, max-age and original protection show in getBucketInfo", async () => {
    await admin.setBucketPrivate(t, B, true);
    await admin.setMaxAge(t, B, 3600);
    await admin.setAccessStyle(t, B, 1);
    expect(await info()).toMatchObject({ private: 1, max_age: 3600, protected: 1 });
    await admin.setBucketPrivate(t, B, false);
    await admin.setMaxAge(t, B, 0);
    await admin.setAccessStyle(t, B, 0);
    expect(await admin.getBucketInfo(t, B)).toMatchObject({ private: 0, max_age: 31536000, protected: 0 });
  });

  it("the default index page serves index.html for the root and dir/ until noIndexPage turns it off", async () => {
    await upload(B, "index.html", "root page");
    await upload(B, "site/index.html", "site page");
    const domain = ((await admin.getBucketInfo(t, B)) as { domains?: string[] }).domains?.[0];
    expect(domain).toBeTruthy();
    const get = async (path: string) => {
      const res = await fetch(`http://${domain}/${path}`);
      return `${res.status} ${res.status === 200 ? await res.text() : ""}`.trim();
    };
    expect((await info()).no_index_page).toBe(0);
    expect(await get("")).toBe("200 root page");
    expect(await get("site/")).toBe("200 site page");
    expect(await get("other/")).toBe("404");
    await admin.setNoIndexPage(t, B, true);
    expect((await info()).no_index_page).toBe(1);
    expect(await get("site/")).toBe("404");
    expect(await get("site/index.html")).toBe("200 site page");
    await admin.setNoIndexPage(t, B, false);
    expect(await get("site/")).toBe("200 site page");
  });

  it("referer anti-leech round-trips and bad patterns are Qiniu's 400", async () => {
    await admin.setReferAntiLeech(t, B, { mode: 1, patterns: ["*.example.com", "good.org"], allowEmptyReferer: true, sourceEnabled: true });
    expect(await info()).toMatchObject({ anti_leech_mode: 1, refer_wl: ["*.example.com", "good.org"], allow_empty_referer: true, source_enabled: true });
    await admin.setReferAntiLeech(t, B, { mode: 0, patterns: [], allowEmptyReferer: false, sourceEnabled: false });
    expect((await info()).anti_leech_mode).toBe(0);
    await expect(admin.setReferAntiLeech(t, B, { mode: 1, patterns: ["bad pattern"], allowEmptyReferer: false, sourceEnabled: false })).rejects.toMatchObject({
      field: "patterns",
    });
  });

  it("CORS rules: set by us, read by the SDK; set by the SDK, read by us; a Qiniu refusal carries its message and reqId", async () => {
    const rules = [{ allowed_origin: ["https://a.example"], allowed_method: ["GET", "HEAD"], exposed_header: ["ETag"], max_age: 60 }];
    await admin.setCorsRules(t, B, rules);
    expect((await call(sdk.bucketManager.getCorsRules(B))).data).toEqual(rules);
    await call(sdk.bucketManager.putCorsRules(B, [{ allowed_origin: ["*"], allowed_method: ["GET"] }]));
    expect(await admin.getCorsRules(t, B)).toEqual([{ allowed_origin: ["*"], allowed_method: ["GET"] }]);
    const err = await admin.setCorsRules(t, B, [{ allowed_origin: ["*"], allowed_method: ["PATCH"] }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QiniuError);
    expect(err).toMatchObject({ status: 400, message: expect.stringContaining("PATCH"), reqId: expect.any(String) });
    await admin.setCorsRules(t, B, []);
    expect(await admin.getCorsRules(t, B)).toEqual([]);
  });

  it("quota set and read (0 keeps a limit, -1 removes it)", async () => {
    await admin.setQuota(t, B, { size: 1000, count: 5 });
    expect((await call(sdk.bucketManager.getBucketQuota(B))).data).toEqual({ size: 1000, count: 5 });
    await admin.setQuota(t, B, { size: 0, count: -1 });
    expect(await admin.getQuota(t, B)).toEqual({ size: 1000, count: -1 });
    await admin.setQuota(t, B, { size: -1, count: -1 });
  });

  it("lifecycle rules: add, update, list, delete; a taken name is 614", async () => {
    const rule = {
      name: "logs",
      prefix: "logs/",
      to_line_after_days: 10,
      to_archive_ir_after_days: 0,
      to_archive_after_days: 0,
      to_deep_archive_after_days: 0,
      delete_after_days: 30,
    };
    await admin.addLifecycleRule(t, B, rule);
    const viaSdk = (await call<Record<string, unknown>[]>(sdk.bucketManager.getBucketLifecycleRule(B))).data;
    expect(viaSdk).toEqual([expect.objectContaining(rule)]);
    await expect(admin.addLifecycleRule(t, B, rule)).rejects.toMatchObject({ status: 614 });
    await admin.updateLifecycleRule(t, B, { ...rule, delete_after_days: 60 });
    expect((await admin.getLifecycleRules(t, B))[0]).toMatchObject({ name: "logs", delete_after_days: 60 });
    await admin.deleteLifecycleRule(t, B, "logs");
    expect(await admin.getLifecycleRules(t, B)).toEqual([]);
  });

  it("event rules: add with several events and URLs, list, delete", async () => {
    await admin.addEventRule(t, B, { name: "ev1", prefix: "img/", suffix: ".jpg", event: ["put", "delete"], callbackURL: ["https://hook.example/a"] });
    const viaSdk = (await call<Record<string, unknown>[]>(sdk.bucketManager.getBucketEvent(B))).data;
    expect(viaSdk).toEqual([
      expect.objectContaining({ name: "ev1", prefix: "img/", suffix: ".jpg", event: ["put", "delete"], callbackURL: ["https://hook.example/a"] }),
    ]);
    await admin.deleteEventRule(t, B, "ev1");
    expect(await admin.getEventRules(t, B)).toEqual([]);
  });

  it("tags: set, read (also as the SDK's tagCondition filter), clear", async () => {
    await admin.setTags(t, B, [{ Key: "env", Value: "prod" }]);
    expect(await admin.getTags(t, B)).toEqual([{ Key: "env", Value: "prod" }]);
    expect((await call<string[]>(sdk.bucketManager.listBucket({ shared: "", tagCondition: { env: "prod" } }))).data).toEqual([B]);
    await admin.setTags(t, B, []);
    expect(await admin.getTags(t, B)).toEqual([]);
  });

  it("drop refuses a non-empty bucket and drops an empty one", async () => {
    await admin.createBucket(t, "admin-drop", "z1");
    await upload("admin-drop", "a.txt", "x");
    await expect(admin.dropBucket(t, "admin-drop")).rejects.toBeInstanceOf(QiniuError);
    // The test SDK is pinned to z0's hosts: delete through a client that finds the bucket's region.
    await new QiniuClient({ accessKey: emu.accessKey, secretKey: emu.secretKey, hosts: { ...emu.endpoints }, resolveRegions: true }).delete(
      "admin-drop",
      "a.txt",
    );
    await admin.dropBucket(t, "admin-drop");
    expect((await call<string[]>(sdk.bucketManager.listBucket())).data).not.toContain("admin-drop");
  });
});

describe("statistics (/v6/*) follow the stored objects", () => {
  it("space and count of standard objects over days, IA after chtype, zero before the first put", async () => {
    const S = "admin-stats";
    await admin.createBucket(t, S, "z0");
    await upload(S, "a.txt", "12345");
    await upload(S, "b.txt", "123");
    const now = Date.now();
    const q = { bucket: S, begin: now - 3 * 86_400_000, end: now, g: "day" as const };
    const space = await storageStat(t, "space", "standard", q);
    expect(space.times.length).toBeGreaterThanOrEqual(4);
    expect(space.datas.at(-1)).toBe(8);
    expect(space.datas[0]).toBe(0);
    expect((await storageStat(t, "count", "standard", q)).datas.at(-1)).toBe(2);
    await call(sdk.bucketManager.changeType(S, "b.txt", 1));
    expect((await storageStat(t, "space", "ia", q)).datas.at(-1)).toBe(3);
    expect((await storageStat(t, "count", "ia", q)).datas.at(-1)).toBe(1);
    expect((await storageStat(t, "space", "standard", q)).datas.at(-1)).toBe(5);
    expect((await storageStat(t, "space", "archive", q)).datas.at(-1)).toBe(0);
  });

  it("blob_io counts downloads of the bucket; bad parameters are Qiniu's 400", async () => {
    const S = "admin-stats";
    const domain = ((await (await fetch(`${emu.endpoints.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> }).buckets[S].domain;
    expect((await fetch(`${domain}/a.txt`)).status).toBe(200);
    const now = Date.now();
    const q = { bucket: S, begin: now - 86_400_000, end: now + 60_000, g: "day" as const };
    const hits = async () => (await blobIo(t, "hits", q)).reduce((n, p) => n + (p.values.hits ?? 0), 0);
    for (let i = 0; i < 100 && (await hits()) < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await hits()).toBe(1);
    expect((await blobIo(t, "flow", q)).reduce((n, p) => n + (p.values.flow ?? 0), 0)).toBe(5);
    await expect(storageStat(t, "space", "standard", { ...q, g: "week" as "day" })).rejects.toMatchObject({ status: 400 });
    await expect(storageStat(t, "space", "standard", { ...q, bucket: "no-such-bucket" })).rejects.toMatchObject({ status: 631 });
  });
});
