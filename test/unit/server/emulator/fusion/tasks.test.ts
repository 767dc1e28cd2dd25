import { afterEach, describe, expect, it } from "vitest";
import { signQBox } from "@/lib/qiniu/auth";
import { AK, ASSETS, PHOTOS, SK, startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(async () => h?.close());

const urls = (n: number, domain = PHOTOS) => Array.from({ length: n }, (_, i) => `http://${domain}/img/${i}.jpg`);

describe("fusion auth", () => {
  it("accepts a QBox signature over the path only, whatever the JSON body", async () => {
    h = await startHarness();
    const r = await h.call("/v2/tune/refresh", { urls: urls(1), dirs: null });
    expect(r.status).toBe(200);
    expect(r.body.code).toBe(200);
  });

  it("refuses a missing, foreign or wrong signature with 401", async () => {
    h = await startHarness();
    expect((await h.call("/v2/tune/refresh", { urls: urls(1) }, { auth: null })).status).toBe(401);
    const wrongPath = signQBox({ accessKey: AK, secretKey: SK }, { path: "/v2/tune/prefetch" });
    const r = await h.call("/v2/tune/refresh", { urls: urls(1) }, { auth: wrongPath });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe(401);
    const unknownKey = signQBox({ accessKey: "other", secretKey: SK }, { path: "/v2/tune/refresh" });
    expect((await h.call("/v2/tune/refresh", { urls: urls(1) }, { auth: unknownKey })).status).toBe(401);
  });
});

describe("refresh", () => {
  it("answers Qiniu's shape with task ids and the remaining daily quota", async () => {
    h = await startHarness();
    const r = await h.call("/v2/tune/refresh", { urls: urls(3), dirs: [`http://${ASSETS}/static/`] });
    expect(r.body).toMatchObject({
      code: 200,
      invalidUrls: null,
      invalidDirs: null,
      urlQuotaDay: 500,
      urlSurplusDay: 497,
      dirQuotaDay: 10,
      dirSurplusDay: 9,
    });
    expect(typeof r.body.requestId).toBe("string");
    expect(Object.keys(r.body.taskIds as object)).toHaveLength(4);
  });

  it("refuses more than 60 urls or 10 dirs in one request with 400038 and creates nothing", async () => {
    h = await startHarness();
    const many = await h.call("/v2/tune/refresh", { urls: urls(61) });
    expect(many.status).toBe(400);
    expect(many.body.code).toBe(400038);
    const dirs = Array.from({ length: 11 }, (_, i) => `http://${PHOTOS}/d${i}/`);
    expect((await h.call("/v2/tune/refresh", { dirs })).body.code).toBe(400038);
    expect(h.fusion.usage()).toEqual({ urls: 0, dirs: 0, prefetch: 0 });
    expect((await h.call("/v2/tune/refresh", { urls: urls(60) })).body.code).toBe(200);
  });

  it("lists malformed urls (400031) and foreign hosts (400032)", async () => {
    h = await startHarness();
    const bad = await h.call("/v2/tune/refresh", { urls: ["not a url", `http://${PHOTOS}/ok.jpg`], dirs: [`http://${PHOTOS}/nodir`] });
    expect(bad.body).toMatchObject({ code: 400031, invalidUrls: ["not a url"], invalidDirs: [`http://${PHOTOS}/nodir`] });
    const foreign = await h.call("/v2/tune/refresh", { urls: ["http://elsewhere.example.com/a.jpg"] });
    expect(foreign.body).toMatchObject({ code: 400032, invalidUrls: ["http://elsewhere.example.com/a.jpg"] });
    expect(h.fusion.usage().urls).toBe(0);
  });

  it("accepts directories ending in / or /*, and only there (a prefix such as ban* is not a directory)", async () => {
    h = await startHarness();
    expect((await h.call("/v2/tune/refresh", { dirs: [`http://${PHOTOS}/img/`, `http://${PHOTOS}/img/*`] })).body.code).toBe(200);
    expect((await h.call("/v2/tune/refresh", { dirs: [`http://${PHOTOS}/img/ban*`] })).body.code).toBe(400031);
    expect((await h.call("/v2/tune/refresh", { dirs: [`http://${PHOTOS}/i*g/`] })).body.code).toBe(400031);
  });

  it("enforces daily quotas, reports the surplus, and resets them the next day", async () => {
    h = await startHarness({ quotas: { urlRefreshPerDay: 5, dirRefreshPerDay: 1, prefetchPerDay: 2 } });
    expect((await h.call("/v2/tune/refresh", { urls: urls(3) })).body.urlSurplusDay).toBe(2);
    const over = await h.call("/v2/tune/refresh", { urls: urls(3, ASSETS) });
    expect(over.body).toMatchObject({ code: 400034, urlQuotaDay: 5, urlSurplusDay: 2 });
    expect((await h.call("/v2/tune/refresh", { dirs: [`http://${PHOTOS}/a/`] })).body.dirSurplusDay).toBe(0);
    expect((await h.call("/v2/tune/refresh", { dirs: [`http://${PHOTOS}/b/`] })).body.code).toBe(400035);
    expect((await h.call("/v2/tune/prefetch", { urls: urls(3) })).body).toMatchObject({ code: 400033, quotaDay: 2, surplusDay: 2 });

    h.clock.now += 24 * 3600_000;
    expect((await h.call("/v2/tune/refresh", { urls: urls(5) })).body).toMatchObject({ code: 200, urlSurplusDay: 0 });
  });
});

describe("task lists", () => {
  it("shows tasks processing, then success after the delay, filtered by requestId", async () => {
    h = await startHarness({ taskDelayMs: 2000 });
    const first = await h.call("/v2/tune/refresh", { urls: urls(2), dirs: [`http://${PHOTOS}/x/`] });
    await h.call("/v2/tune/refresh", { urls: urls(1, ASSETS) });
    const list = await h.call("/v2/tune/refresh/list", { requestId: first.body.requestId });
    expect(list.body).toMatchObject({ code: 200, total: 3, pageNo: 0, pageSize: 100 });
    const items = list.body.items as Array<Record<string, unknown>>;
    expect(items.map((i) => i.state)).toEqual(["processing", "processing", "processing"]);
    expect(items.filter((i) => i.isDir === "yes").map((i) => i.url)).toEqual([`http://${PHOTOS}/x/`]);

    h.clock.now += 2000;
    const later = await h.call("/v2/tune/refresh/list", { state: "success" });
    expect(later.body.total).toBe(4);
    expect((later.body.items as Array<Record<string, unknown>>)[0]).toMatchObject({ state: "success", progress: 100 });
    const page = await h.call("/v2/tune/refresh/list", { pageNo: 1, pageSize: 3 });
    expect((page.body.items as unknown[]).length).toBe(1);
  });

  it("fails a prefetch of a missing object and warms the cache for an existing one", async () => {
    h = await startHarness({ taskDelayMs: 0 });
    h.objects.add("photos:present.jpg");
    const r = await h.call("/v2/tune/prefetch", { urls: [`http://${PHOTOS}/present.jpg`, `http://${PHOTOS}/absent.jpg`] });
    expect(r.body).toMatchObject({ code: 200, quotaDay: 100, surplusDay: 98, invalidUrls: null });
    const list = await h.call("/v2/tune/prefetch/list", {});
    const states = Object.fromEntries((list.body.items as Array<{ url: string; state: string }>).map((i) => [i.url, i.state]));
    expect(states).toEqual({ [`http://${PHOTOS}/present.jpg`]: "success", [`http://${PHOTOS}/absent.jpg`]: "failure" });

    // The prefetched object is already at the edge: its first download is a HIT.
    h.record({ time: h.clock.now, url: "/present.jpg", key: "present.jpg" });
    const hm = await h.call("/v2/tune/loganalyze/hitmiss", { domains: [PHOTOS], freq: "1day", startDate: "2024-03-01", endDate: "2024-03-01" });
    expect((hm.body.data as { hit: number[]; miss: number[] }).hit).toEqual([1]);
  });
});

describe("edge cache", () => {
  it("misses first, hits after, and misses again after a refresh of the url or its directory", async () => {
    h = await startHarness();
    const t = h.clock.now;
    h.record({ time: t, url: "/img/a.jpg" });
    h.record({ time: t + 1, url: "/img/a.jpg?x=1" });
    await h.call("/v2/tune/refresh", { urls: [`http://${PHOTOS}/img/a.jpg`] });
    h.record({ time: t + 2, url: "/img/a.jpg" });
    h.record({ time: t + 3, url: "/img/a.jpg" });
    await h.call("/v2/tune/refresh", { dirs: [`http://${PHOTOS}/img/`] });
    h.record({ time: t + 4, url: "/img/a.jpg" });
    h.record({ time: t + 5, url: "/img/missing.jpg", status: 404 });
    h.record({ time: t + 6, url: "/img/missing.jpg", status: 404 });
    const hm = await h.call("/v2/tune/loganalyze/hitmiss", { domains: [PHOTOS], freq: "1day", startDate: "2024-03-01", endDate: "2024-03-01" });
    expect(hm.body.data).toMatchObject({ hit: [2], miss: [5], trafficHit: [2000], trafficMiss: [5000] });
  });
});
