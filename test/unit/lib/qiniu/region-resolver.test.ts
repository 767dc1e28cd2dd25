// The per-bucket region resolver inside the client, against real loopback servers: a "uc" that answers /v4/query and
// two regions' hosts. Cache for the answered TTL, one lookup at a time, a fresh lookup when a host says the region is
// wrong, backup hosts when the primary fails, the configured hosts when the lookup fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QiniuClient } from "@/lib/qiniu/client";
import { encodedEntry } from "@/lib/qiniu/entry";
import { statOp } from "@/lib/qiniu/ops";
import { parseV4 } from "@/lib/qiniu/region-resolver";
import type { QiniuHosts } from "@/lib/qiniu/regions";
import { startRecordingServer, type RecordedRequest, type RecordingServer } from "./recording-server";

let uc: RecordingServer;
let a: RecordingServer;
let b: RecordingServer;
let clock: number;
const STAT = { fsize: 1, hash: "h", mimeType: "text/plain", putTime: 1, type: 0 };
const host = (s: RecordingServer) => new URL(s.url).host;

/** A v4 answer whose services all point at `primary` (then `backups`). */
function v4(primary: RecordingServer | string, backups: (RecordingServer | string)[] = [], ttl = 100, region = "z1") {
  const domains = [primary, ...backups].map((s) => (typeof s === "string" ? s : host(s)));
  const d = { domains };
  return { hosts: [{ region, ttl, up: d, io: d, rs: d, rsf: d, api: d, uc: { domains: [host(uc)] } }] };
}

const queries = () => uc.requests.filter((r) => r.target.startsWith("/v4/query"));

function client(configured: RecordingServer = uc) {
  const hosts: QiniuHosts = {
    up: configured.url,
    io: configured.url,
    rs: configured.url,
    rsf: configured.url,
    api: configured.url,
    uc: uc.url,
    fusion: uc.url,
  };
  return new QiniuClient({ accessKey: "ak", secretKey: "sk", hosts, resolveRegions: true, now: () => clock, sleep: async () => undefined, random: () => 0.5 });
}

beforeAll(async () => {
  [uc, a, b] = await Promise.all([startRecordingServer(), startRecordingServer(), startRecordingServer()]);
});
afterAll(async () => {
  await Promise.all([uc, a, b].map((s) => s.close()));
});
beforeEach(() => {
  clock = 1_000_000;
  for (const s of [uc, a, b]) {
    s.requests.length = 0;
    s.queue.length = 0;
    s.fallback = () => ({ status: 200, body: STAT });
  }
});

describe("region resolver", () => {
  it("asks uc /v4/query?ak=&bucket= once, then serves from the cache until the answered TTL ends", async () => {
    uc.fallback = () => ({ body: v4(a, [], 30) });
    const c = client();
    await c.stat("bk", "k1");
    await c.stat("bk", "k2");
    await c.list({ bucket: "bk" });
    expect(queries().map((r) => r.target)).toEqual(["/v4/query?ak=ak&bucket=bk"]);
    expect(queries()[0].headers.authorization).toBeUndefined();
    expect(a.requests.map((r) => r.target.split("?")[0])).toEqual([statOp("bk", "k1"), statOp("bk", "k2"), "/list"]);
    clock += 29_000;
    await c.stat("bk", "k3");
    expect(queries()).toHaveLength(1);
    clock += 2_000;
    await c.stat("bk", "k4");
    expect(queries()).toHaveLength(2);
    expect(a.requests).toHaveLength(5);
    // Nothing regional went to the configured (uc) host.
    expect(uc.requests.every((r) => r.target.startsWith("/v4/query"))).toBe(true);
  });

  it("looks a bucket up once for concurrent calls, and per bucket", async () => {
    uc.fallback = (r) => ({ body: v4(r.target.endsWith("bucket=other") ? b : a), delayMs: 20 });
    const c = client();
    await Promise.all([c.stat("bk", "1"), c.stat("bk", "2"), c.stat("bk", "3"), c.stat("other", "4")]);
    expect(
      queries()
        .map((r) => r.target)
        .sort(),
    ).toEqual(["/v4/query?ak=ak&bucket=bk", "/v4/query?ak=ak&bucket=other"]);
    expect(a.requests).toHaveLength(3);
    expect(b.requests.map((r) => r.target)).toEqual([statOp("other", "4")]);
  });

  it("on 400 incorrect region, asks uc again and sends the refused call once more to the new hosts (a delete too)", async () => {
    uc.queue.push({ body: v4(a) }, { body: v4(b) });
    a.fallback = () => ({ status: 400, body: { error: `incorrect region, please use ${host(b)}` } });
    const c = client();
    await c.delete("bk", "k");
    expect(queries()).toHaveLength(2);
    expect(a.requests.map((r) => r.target)).toEqual([`/delete/${encodedEntry("bk", "k")}`]);
    expect(b.requests.map((r) => r.target)).toEqual([`/delete/${encodedEntry("bk", "k")}`]);
    // The new answer is cached.
    await c.stat("bk", "k");
    expect(queries()).toHaveLength(2);
    expect(b.requests).toHaveLength(2);
  });

  it("a region error that a fresh lookup does not change is the caller's error (no loop)", async () => {
    uc.fallback = () => ({ body: v4(a) });
    a.fallback = () => ({ status: 400, body: { error: "incorrect region, please use elsewhere" } });
    await expect(client().stat("bk", "k")).rejects.toMatchObject({ status: 400, message: "incorrect region, please use elsewhere" });
    expect(queries()).toHaveLength(2);
    expect(a.requests).toHaveLength(1);
  });

  it("a safe call moves to the backup host on 5xx, 599 or a dropped connection; an unsafe one does not", async () => {
    uc.fallback = () => ({ body: v4(a, [b]) });
    const c = client();
    for (const fail of [{ status: 503 }, { status: 599 }, { destroy: true }]) {
      a.queue.push(fail);
      expect(await c.stat("bk", "k")).toEqual(STAT);
    }
    expect(a.requests).toHaveLength(3);
    expect(b.requests).toHaveLength(3);
    a.queue.push({ status: 503, body: { error: "busy" } });
    await expect(c.delete("bk", "k")).rejects.toMatchObject({ status: 503 });
    expect(b.requests).toHaveLength(3);
    // 4xx answers are not the host's fault: no backup.
    a.queue.push({ status: 612, body: { error: "no such file or directory" } });
    await expect(c.stat("bk", "k")).rejects.toMatchObject({ status: 612 });
    expect(b.requests).toHaveLength(3);
  });

  it("a failed lookup falls back to the configured hosts for a while, then looks again", async () => {
    uc.queue.push({ status: 612, body: { error: "app/accesskey is not found" } });
    uc.fallback = () => ({ body: v4(b) });
    const c = client(a);
    await c.stat("bk", "k");
    clock += 59_000;
    await c.stat("bk", "k");
    expect(a.requests).toHaveLength(2);
    expect(queries()).toHaveLength(1);
    clock += 2_000;
    await c.stat("bk", "k");
    await c.stat("bk", "k");
    expect(b.requests).toHaveLength(2);
    expect(queries()).toHaveLength(2);
  });

  it("routes batch by its first op's bucket, pfop by its bucket, and keeps bucket listing on uc", async () => {
    uc.fallback = (r: RecordedRequest) => (r.target.startsWith("/v4/query") ? { body: v4(a) } : { body: ["bk"] });
    a.fallback = (r) => ({ body: r.target === "/batch" ? [{ code: 200, data: STAT }] : { persistentId: "z1.1" } });
    const c = client(b);
    expect(await c.listBuckets()).toEqual(["bk"]);
    await c.batch([statOp("bk", "k")]);
    await c.pfop({ bucket: "bk", key: "k", fops: "avinfo" });
    expect(a.requests.map((r) => r.target)).toEqual(["/batch", "/pfop/"]);
    expect(b.requests).toHaveLength(0);
    expect((await c.bucketRegion("bk")).region).toBe("z1");
  });
});

describe("parseV4", () => {
  const fallback = {
    up: "https://up.example",
    io: "http://io.example",
    rs: "https://rs",
    rsf: "https://rsf",
    api: "https://api",
    uc: "https://uc",
    fusion: "https://f",
  };
  it("keeps the configured scheme per service and every domain in order; refuses an answer without hosts", () => {
    const { value, ttlS } = parseV4(
      {
        hosts: [
          {
            region: "z2",
            ttl: 5,
            up: { domains: ["u1", "u2"] },
            io: { domains: ["i"] },
            rs: { domains: ["r"] },
            rsf: { domains: ["f"] },
            api: { domains: ["a"] },
          },
        ],
      },
      fallback,
    );
    expect(ttlS).toBe(5);
    expect(value).toEqual({
      region: "z2",
      hosts: { up: ["https://u1", "https://u2"], io: ["http://i"], rs: ["https://r"], rsf: ["https://f"], api: ["https://a"] },
    });
    expect(() => parseV4({ hosts: [] }, fallback)).toThrow(/no hosts/);
    expect(() => parseV4({ hosts: [{ up: { domains: [] } }] }, fallback)).toThrow(/no up domains/);
  });
});
