// lib/qiniu/bucket-admin.ts sends what npm `qiniu` BucketManager sends: same method, request target, body and
// Content-Type, each request signed verifiably. Both talk to one recording server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as admin from "@/lib/qiniu/bucket-admin";
import { QiniuClient } from "@/lib/qiniu/client";
import { blobIo, statTime, storageStat } from "@/lib/qiniu/stats";
import { signatureVerifies, startRecordingServer, type RecordedRequest, type RecordingServer } from "./recording-server";
import { mac, qiniu } from "./sdk";

const AK = "admin-ak";
const SK = "admin-sk";
let srv: RecordingServer;
let t: QiniuClient["transport"];
let bm: qiniu.rs.BucketManager;

beforeAll(async () => {
  srv = await startRecordingServer();
  const host = new URL(srv.url).host;
  (qiniu.conf as unknown as { UC_HOST: string }).UC_HOST = host;
  const zone = new qiniu.conf.Zone([host], [], host, host, host, host);
  bm = new qiniu.rs.BucketManager(mac(AK, SK), new qiniu.conf.Config({ zone, useHttpsDomain: false }));
  const u = srv.url;
  t = new QiniuClient({ accessKey: AK, secretKey: SK, hosts: { up: u, io: u, rs: u, rsf: u, api: u, uc: u, fusion: u }, retries: 0 }).transport;
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.fallback = () => ({ status: 200, body: {} });
});

const shape = (r: RecordedRequest) => ({
  method: r.method,
  target: r.target,
  body: r.body,
  contentType: r.headers["content-type"] ?? "application/x-www-form-urlencoded",
});

/** Runs the SDK call, then ours, and expects the same request; ours must verify with the key pair. */
async function same(sdkCall: () => Promise<unknown>, ours: () => Promise<unknown>, mediaType?: string) {
  srv.requests.length = 0;
  await sdkCall();
  await ours();
  const requests = srv.requests.filter((r) => !r.target.startsWith("/v4/query"));
  expect(requests).toHaveLength(2);
  const [theirs, mine] = requests;
  expect(shape(mine)).toEqual({ ...shape(theirs), contentType: mediaType ?? shape(theirs).contentType });
  expect(signatureVerifies(mine, AK, SK)).toBe(true);
  return mine;
}

describe("bucket calls match the official SDK's requests", () => {
  it("create and drop", async () => {
    await same(
      () => bm.createBucket("new-bucket", { regionId: "z1" }),
      () => admin.createBucket(t, "new-bucket", "z1"),
    );
    await same(
      () => bm.deleteBucket("new-bucket"),
      () => admin.dropBucket(t, "new-bucket"),
    );
  });

  it("bucket info, private switch, max-age, access style", async () => {
    await same(
      () => bm.getBucketInfo("b1"),
      () => admin.getBucketInfo(t, "b1"),
    );
    await same(
      () => bm.putBucketAccessMode("b1", { private: 1 }),
      () => admin.setBucketPrivate(t, "b1", true),
    );
    await same(
      () => bm.putBucketMaxAge("b1", { maxAge: 600 }),
      () => admin.setMaxAge(t, "b1", 600),
    );
    await same(
      () => bm.putBucketMaxAge("b1", { maxAge: -1 }),
      () => admin.setMaxAge(t, "b1", -1),
    );
    await same(
      () => bm.putBucketAccessStyleMode("b1", 1),
      () => admin.setAccessStyle(t, "b1", 1),
    );
  });

  it("referer anti-leech (pattern list joined by ';', off sends the SDK's default '*')", async () => {
    const r = await same(
      () => bm.putReferAntiLeech("b1", { mode: 1, norefer: 1, pattern: "*.a.com;b.org", source_enabled: 1 } as never),
      () => admin.setReferAntiLeech(t, "b1", { mode: 1, patterns: ["*.a.com", "b.org"], allowEmptyReferer: true, sourceEnabled: true }),
    );
    expect(r.target).toContain("pattern=*.a.com%3Bb.org");
    await same(
      () => bm.putReferAntiLeech("b1", { mode: 0 } as never),
      () => admin.setReferAntiLeech(t, "b1", { mode: 0, patterns: [], allowEmptyReferer: false, sourceEnabled: false }),
    );
  });

  it("CORS rules (JSON body)", async () => {
    const rules = [{ allowed_origin: ["*"], allowed_method: ["GET"], max_age: 5 }];
    // The Node SDK labels this JSON body as a form (its default type); we say what it is, as go-sdk does.
    const r = await same(
      () => bm.putCorsRules("b1", rules),
      () => admin.setCorsRules(t, "b1", rules),
      "application/json",
    );
    expect(JSON.parse(r.body)).toEqual(rules);
    await same(
      () => bm.getCorsRules("b1"),
      () => admin.getCorsRules(t, "b1"),
    );
  });

  it("quota", async () => {
    await same(
      () => bm.putBucketQuota("b1", { size: 1024, count: -1 }),
      () => admin.setQuota(t, "b1", { size: 1024, count: -1 }),
    );
    await same(
      () => bm.getBucketQuota("b1"),
      () => admin.getQuota(t, "b1"),
    );
  });

  it("lifecycle rules (form bodies in the SDK's field order)", async () => {
    const rule = {
      name: "r_1",
      prefix: "logs/",
      to_line_after_days: 10,
      to_archive_ir_after_days: 0,
      to_archive_after_days: 20,
      to_deep_archive_after_days: 0,
      delete_after_days: 90,
    };
    await same(
      () => bm.putBucketLifecycleRule("b1", rule),
      () => admin.addLifecycleRule(t, "b1", rule),
    );
    // update sends what the caller gives, in the caller's order: give the SDK ours.
    const ordered = {
      prefix: rule.prefix,
      to_line_after_days: 10,
      to_archive_ir_after_days: 0,
      to_archive_after_days: 20,
      to_deep_archive_after_days: 0,
      delete_after_days: 90,
      history_delete_after_days: 0,
      history_to_line_after_days: 0,
      name: "r_1",
    };
    await same(
      () => bm.updateBucketLifecycleRule("b1", ordered),
      () => admin.updateLifecycleRule(t, "b1", rule),
    );
    await same(
      () => bm.getBucketLifecycleRule("b1"),
      () => admin.getLifecycleRules(t, "b1"),
    );
    await same(
      () => bm.deleteBucketLifecycleRule("b1", "r_1"),
      () => admin.deleteLifecycleRule(t, "b1", "r_1"),
    );
  });

  it("event rules (repeated event and callbackURL fields)", async () => {
    const r = await same(
      () => bm.putBucketEvent("b1", { name: "e1", event: ["put", "delete"], callbackURL: ["https://h.example/a", "https://h.example/b"] } as never),
      () =>
        admin.addEventRule(t, "b1", {
          name: "e1",
          prefix: "",
          suffix: "",
          event: ["put", "delete"],
          callbackURL: ["https://h.example/a", "https://h.example/b"],
        }),
    );
    expect(r.body).toContain("event=put&event=delete");
    await same(
      () => bm.getBucketEvent("b1"),
      () => admin.getEventRules(t, "b1"),
    );
    await same(
      () => bm.deleteBucketEvent("b1", "e1"),
      () => admin.deleteEventRule(t, "b1", "e1"),
    );
  });

  it("refuses what Qiniu would refuse before sending anything", async () => {
    await expect(admin.createBucket(t, "ab", "z0")).rejects.toMatchObject({ field: "name" });
    await expect(admin.createBucket(t, "-abc", "z0")).rejects.toMatchObject({ field: "name" });
    await expect(
      admin.addLifecycleRule(t, "b1", {
        name: "bad name",
        prefix: "",
        to_line_after_days: 1,
        to_archive_ir_after_days: 0,
        to_archive_after_days: 0,
        to_deep_archive_after_days: 0,
        delete_after_days: 0,
      }),
    ).rejects.toMatchObject({ field: "name" });
    await expect(admin.setReferAntiLeech(t, "b1", { mode: 2, patterns: [], allowEmptyReferer: false, sourceEnabled: false })).rejects.toMatchObject({
      field: "patterns",
    });
    await expect(admin.setQuota(t, "b1", { size: -2, count: 0 })).rejects.toMatchObject({ field: "size" });
    expect(srv.requests).toHaveLength(0);
  });
});

describe("tags and statistics (not in the Node SDK): the documented requests", () => {
  it("tags: PUT JSON, GET, DELETE on /bucketTagging?bucket=", async () => {
    srv.fallback = () => ({ status: 200, body: { Tags: [{ Key: "k", Value: "v" }] } });
    await admin.setTags(t, "b1", [{ Key: "k", Value: "v" }]);
    expect(await admin.getTags(t, "b1")).toEqual([{ Key: "k", Value: "v" }]);
    await admin.setTags(t, "b1", []);
    expect(srv.requests.map((r) => `${r.method} ${r.target}`)).toEqual([
      "PUT /bucketTagging?bucket=b1",
      "GET /bucketTagging?bucket=b1",
      "DELETE /bucketTagging?bucket=b1",
    ]);
    expect(JSON.parse(srv.requests[0].body)).toEqual({ Tags: [{ Key: "k", Value: "v" }] });
    expect(srv.requests.every((r) => signatureVerifies(r, AK, SK))).toBe(true);
  });

  it("times are China time, YYYYMMDDHHMMSS", () => {
    expect(statTime(Date.UTC(2017, 7, 18, 6, 0, 0))).toBe("20170818140000");
  });

  it("space/count lines and blob_io: GET on the api host with the documented parameters", async () => {
    srv.fallback = (r) => ({
      status: 200,
      body: r.target.startsWith("/v6/blob_io") ? [{ time: "2017-08-18T00:00:00+08:00", values: { flow: 7 } }] : { times: [1503000000], datas: [42] },
    });
    const q = { bucket: "b1", begin: Date.UTC(2017, 7, 17, 16), end: Date.UTC(2017, 7, 18, 16), g: "day" as const };
    expect(await storageStat(t, "space", "ia", q)).toEqual({ times: [1503000000], datas: [42] });
    await storageStat(t, "count", "archive", q);
    expect(await blobIo(t, "flow", q)).toEqual([{ time: "2017-08-18T00:00:00+08:00", values: { flow: 7 } }]);
    expect(srv.requests.map((r) => `${r.method} ${r.target}`)).toEqual([
      "GET /v6/space_line?bucket=b1&begin=20170818000000&end=20170819000000&g=day",
      "GET /v6/count_archive?bucket=b1&begin=20170818000000&end=20170819000000&g=day",
      "GET /v6/blob_io?begin=20170818000000&end=20170819000000&g=day&select=flow&%24bucket=b1&%24metric=flow_out",
    ]);
    srv.fallback = () => ({ status: 200, body: { times: [1, 2], datas: [1] } });
    await expect(storageStat(t, "space", "standard", q)).rejects.toMatchObject({ code: "bad_response" });
  });
});
