import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QiniuClient, MAX_BATCH_OPS } from "@/lib/qiniu/client";
import { decodeEntry, encodedEntry } from "@/lib/qiniu/entry";
import { QiniuError } from "@/lib/qiniu/errors";
import { deleteOp, statOp, withSaveAs } from "@/lib/qiniu/ops";
import type { QiniuHosts } from "@/lib/qiniu/regions";
import { signatureVerifies, startRecordingServer, type RecordingServer } from "./recording-server";
import { qiniu, mac } from "./sdk";

const AK = "client-ak";
const SK = "client-sk";
const NOW = Date.UTC(2024, 0, 2, 3, 4, 5);
let srv: RecordingServer;
let sleeps: number[];

function hosts(): QiniuHosts {
  return { up: srv.url, io: srv.url, rs: srv.url, rsf: srv.url, api: srv.url, uc: srv.url, fusion: srv.url };
}

function client(extra: Partial<ConstructorParameters<typeof QiniuClient>[0]> = {}) {
  return new QiniuClient({
    accessKey: AK,
    secretKey: SK,
    hosts: hosts(),
    now: () => NOW,
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
}

beforeAll(async () => {
  srv = await startRecordingServer();
});
afterAll(async () => {
  await srv.close();
});
beforeEach(() => {
  srv.requests.length = 0;
  srv.queue.length = 0;
  srv.fallback = () => ({ status: 200, body: {} });
  sleeps = [];
});

const last = () => srv.requests[srv.requests.length - 1];

describe("management requests are exact and signed (Qiniu v2)", () => {
  it("stat: GET /stat/<Entry>, form Content-Type, X-Qiniu-Date, verifiable signature", async () => {
    const stat = { fsize: 5, hash: "Fh8xVqod2MQ1mocfI4S4KpRL6D98", mimeType: "text/plain", putTime: 17e15, type: 0 };
    srv.queue.push({ body: stat });
    expect(await client().stat("bkt", "dir/文件 1.txt")).toEqual(stat);
    const r = last();
    expect(r.method).toBe("GET");
    expect(r.target).toBe(`/stat/${encodedEntry("bkt", "dir/文件 1.txt")}`);
    expect(r.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(r.headers["x-qiniu-date"]).toBe("20240102T030405Z");
    expect(r.headers.authorization).toMatch(/^Qiniu client-ak:[A-Za-z0-9_-]{27}=$/);
    expect(r.body).toBe("");
    expect(signatureVerifies(r, AK, SK)).toBe(true);
    expect(signatureVerifies(r, AK, "other-secret")).toBe(false);
  });

  it("sends the Authorization the official SDK computes for the same request (default-port host, where Node's port quirk does not apply)", async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetch = async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response('{"fsize":1}', { status: 200, headers: { "X-Reqid": "r" } });
    };
    await client({ hosts: { ...hosts(), rs: "https://rs-z0.qiniuapi.com" }, fetch }).stat("b", "k");
    await client({ hosts: { ...hosts(), rs: "https://rs-z0.qiniuapi.com" }, fetch })
      .batch([statOp("b", "k")])
      .catch(() => undefined);
    const [stat, batch] = seen;
    expect(stat.url).toBe(`https://rs-z0.qiniuapi.com/stat/${encodedEntry("b", "k")}`);
    const h = stat.init.headers as Record<string, string>;
    expect(h.Authorization).toBe(
      qiniu.util.generateAccessTokenV2(mac(AK, SK), stat.url, "GET", h["Content-Type"], undefined, { "X-Qiniu-Date": h["X-Qiniu-Date"] }),
    );
    const hb = batch.init.headers as Record<string, string>;
    expect(hb.Authorization).toBe(
      qiniu.util.generateAccessTokenV2(mac(AK, SK), batch.url, "POST", hb["Content-Type"], batch.init.body as string, { "X-Qiniu-Date": hb["X-Qiniu-Date"] }),
    );
  });

  it("list: GET /list with only the given parameters, RFC 3986 encoded", async () => {
    srv.queue.push({ body: { marker: "m2", commonPrefixes: ["a b/"], items: [{ key: "a b/1", fsize: 1, hash: "h", mimeType: "x", putTime: 1, type: 0 }] } });
    const page = await client().list({ bucket: "bkt", prefix: "a b/", delimiter: "/", limit: 10 });
    expect(page).toEqual({ marker: "m2", commonPrefixes: ["a b/"], items: [{ key: "a b/1", fsize: 1, hash: "h", mimeType: "x", putTime: 1, type: 0 }] });
    expect(last().method).toBe("GET");
    expect(last().target).toBe("/list?bucket=bkt&prefix=a%20b%2F&delimiter=%2F&limit=10");
    expect(signatureVerifies(last(), AK, SK)).toBe(true);
    await expect(client().list({ bucket: "b", limit: 1001 })).rejects.toThrow(/limit/);
  });

  it("listAll follows markers through empty pages and stops at the end", async () => {
    srv.queue.push({ body: { marker: "m1", items: [{ key: "a" }] } }, { body: { marker: "m2", items: [] } }, { body: { marker: "", items: [{ key: "b" }] } });
    const keys: string[] = [];
    let pages = 0;
    for await (const page of client().listAll({ bucket: "bkt", limit: 1 })) {
      pages++;
      keys.push(...page.items.map((i) => i.key));
    }
    expect(pages).toBe(3);
    expect(keys).toEqual(["a", "b"]);
    expect(srv.requests.map((r) => r.target)).toEqual(["/list?bucket=bkt&limit=1", "/list?bucket=bkt&marker=m1&limit=1", "/list?bucket=bkt&marker=m2&limit=1"]);
  });

  it("object operations POST the op path", async () => {
    const c = client();
    srv.fallback = () => ({ status: 200, text: "" });
    await c.copy({ bucket: "a", key: "1" }, { bucket: "b", key: "2" }, true);
    await c.move({ bucket: "a", key: "1" }, { bucket: "a", key: "3" });
    await c.delete("a", "3");
    await c.chgm("a", "1", "image/png", { k: "v" });
    await c.chtype("a", "1", 1);
    await c.chstatus("a", "1", 1);
    await c.deleteAfterDays("a", "1", 7);
    await c.restoreAr("a", "1", 2);
    await c.prefetch("a", "1");
    const e = (b: string, k: string) => encodedEntry(b, k);
    expect(srv.requests.map((r) => `${r.method} ${r.target}`)).toEqual([
      `POST /copy/${e("a", "1")}/${e("b", "2")}/force/true`,
      `POST /move/${e("a", "1")}/${e("a", "3")}`,
      `POST /delete/${e("a", "3")}`,
      `POST /chgm/${e("a", "1")}/mime/aW1hZ2UvcG5n/x-qn-meta-k/dg==`,
      `POST /chtype/${e("a", "1")}/type/1`,
      `POST /chstatus/${e("a", "1")}/status/1`,
      `POST /deleteAfterDays/${e("a", "1")}/7`,
      `POST /restoreAr/${e("a", "1")}/freezeAfterDays/2`,
      `POST /prefetch/${e("a", "1")}`,
    ]);
    for (const r of srv.requests) expect(signatureVerifies(r, AK, SK), r.target).toBe(true);
  });

  it("fetch encodes the source URL and returns the stored object", async () => {
    srv.queue.push({ body: { fsize: 3, hash: "h", key: "k", mimeType: "image/png" } });
    expect(await client().fetch("http://example.com/a.png?x=1", "bkt", "k")).toEqual({ fsize: 3, hash: "h", key: "k", mimeType: "image/png" });
    expect(last().target).toBe(`/fetch/aHR0cDovL2V4YW1wbGUuY29tL2EucG5nP3g9MQ==/to/${encodedEntry("bkt", "k")}`);
  });

  it("bucket calls", async () => {
    const c = client();
    srv.queue.push({ body: ["b1", "b2"] }, { body: ["cdn.example.com"] }, { text: "" }, { text: "" }, { body: { private: 1 } });
    expect(await c.listBuckets()).toEqual(["b1", "b2"]);
    expect(await c.bucketDomains("b1")).toEqual(["cdn.example.com"]);
    await c.setBucketPrivate("b1", true);
    await c.mkbucket("newb", "z1");
    expect(await c.bucketInfo("b1")).toEqual({ private: 1 });
    expect(srv.requests.map((r) => `${r.method} ${r.target}`)).toEqual([
      "POST /buckets",
      "POST /v2/domains?tbl=b1",
      "POST /private?bucket=b1&private=1",
      "POST /mkbucketv3/newb/region/z1",
      "POST /v2/bucketInfo?bucket=b1",
    ]);
    for (const r of srv.requests) expect(signatureVerifies(r, AK, SK)).toBe(true);
  });
});

describe("batch", () => {
  it("sends at most 1000 ops per request and maps 298 items in order", async () => {
    const opList = Array.from({ length: 2345 }, (_, i) => (i % 2 ? deleteOp("b", `k${i}`) : statOp("b", `k${i}`)));
    srv.fallback = (req) => {
      const ops = new URLSearchParams(req.body).getAll("op");
      const items = ops.map((op) =>
        decodeEntry(op.split("/")[2]).key?.endsWith("3")
          ? { code: 612, data: { error: "no such file or directory" } }
          : op.startsWith("/stat")
            ? { code: 200, data: { fsize: 1 } }
            : { code: 200 },
      );
      return { status: items.some((i) => i.code !== 200) ? 298 : 200, body: items };
    };
    const chunks: number[] = [];
    const c = client();
    for await (const ch of c.batchChunks(opList)) chunks.push(ch.offset);
    expect(chunks).toEqual([0, 1000, 2000]);
    srv.requests.length = 0;
    const results = await c.batch(opList);
    expect(srv.requests.map((r) => new URLSearchParams(r.body).getAll("op").length)).toEqual([MAX_BATCH_OPS, MAX_BATCH_OPS, 345]);
    expect(srv.requests[0].body.startsWith(`op=${encodeURIComponent(opList[0])}&op=`)).toBe(true);
    expect(new URLSearchParams(srv.requests[2].body).getAll("op")).toEqual(opList.slice(2000));
    for (const r of srv.requests) {
      expect(r.target).toBe("/batch");
      expect(r.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(signatureVerifies(r, AK, SK)).toBe(true);
    }
    expect(results).toHaveLength(2345);
    expect(results[0]).toEqual({ code: 200, data: { fsize: 1 } });
    expect(results[1]).toEqual({ code: 200 });
    expect(results[13]).toEqual({ code: 612, error: "no such file or directory", errorCode: "not_found" });
    results.forEach((r, i) => expect(r.code, `op ${i}`).toBe(String(i).endsWith("3") ? 612 : 200));
  });

  it("treats a non-200 status with a per-item array as per-item results, and other failures as errors", async () => {
    srv.queue.push({ status: 400, body: [{ code: 612, data: { error: "no such file or directory" } }] });
    expect(await client().batch([statOp("b", "x")])).toEqual([{ code: 612, error: "no such file or directory", errorCode: "not_found" }]);
    srv.queue.push({ status: 401, body: { error: "bad token" } });
    await expect(client().batch([statOp("b", "x")])).rejects.toMatchObject({ status: 401, code: "unauthorized", message: "bad token" });
    srv.queue.push({ status: 200, body: [] });
    await expect(client().batch([statOp("b", "x")])).rejects.toMatchObject({ code: "bad_response" });
    expect(await client().batch([])).toEqual([]);
  });
});

describe("errors, retries and timeouts", () => {
  it("maps Qiniu errors with status, named code, message and X-Reqid", async () => {
    srv.queue.push({ status: 612, body: { error: "no such file or directory" }, headers: { "X-Reqid": "abc123" } });
    const err = await client()
      .stat("b", "missing")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QiniuError);
    expect(err).toMatchObject({
      status: 612,
      code: "not_found",
      reqId: "abc123",
      message: "no such file or directory",
      body: { error: "no such file or directory" },
    });
    expect(srv.requests).toHaveLength(1); // 612 is final
    for (const [status, code] of [
      [401, "unauthorized"],
      [403, "forbidden"],
      [614, "file_exists"],
      [631, "no_such_bucket"],
      [579, "callback_failed"],
      [573, "rate_limited"],
      [630, "too_many_buckets"],
    ] as const) {
      srv.queue.push({ status, body: { error: "x" } });
      await expect(client().delete("b", "k")).rejects.toMatchObject({ status, code });
    }
  });

  it("retries safe calls on 5xx with growing backoff, then succeeds", async () => {
    srv.queue.push({ status: 503, body: { error: "busy" } }, { status: 599, body: { error: "oops" } }, { body: { fsize: 1 } });
    expect(await client().stat("b", "k")).toEqual({ fsize: 1 });
    expect(srv.requests).toHaveLength(3);
    expect(sleeps).toEqual([150, 300]);
    // Each attempt is signed afresh.
    for (const r of srv.requests) expect(signatureVerifies(r, AK, SK)).toBe(true);
  });

  it("gives up after the configured retries", async () => {
    srv.fallback = () => ({ status: 502, body: { error: "bad gateway" } });
    await expect(client({ retries: 1 }).stat("b", "k")).rejects.toMatchObject({ status: 502, code: "server_error" });
    expect(srv.requests).toHaveLength(2);
  });

  it("never repeats calls that are not safe to repeat", async () => {
    for (const call of [
      (c: QiniuClient) => c.delete("b", "k"),
      (c: QiniuClient) => c.move({ bucket: "b", key: "k" }, { bucket: "b", key: "j" }),
      (c: QiniuClient) => c.batch([deleteOp("b", "k")]),
      (c: QiniuClient) => c.pfop({ bucket: "b", key: "k", fops: "avinfo" }),
    ]) {
      srv.requests.length = 0;
      srv.queue.push({ status: 503, body: { error: "busy" } });
      await expect(call(client())).rejects.toMatchObject({ status: 503 });
      expect(srv.requests).toHaveLength(1);
    }
    expect(sleeps).toEqual([]);
  });

  it("times out each attempt and retries safe calls", async () => {
    // Generous margins: the machine running the suite may be busy.
    srv.queue.push({ delayMs: 2000, body: {} }, { body: { fsize: 2 } });
    expect(await client({ timeoutMs: 400 }).stat("b", "k")).toEqual({ fsize: 2 });
    expect(srv.requests).toHaveLength(2);
    srv.queue.push({ delayMs: 2000, body: {} });
    await expect(client({ timeoutMs: 400 }).delete("b", "k")).rejects.toMatchObject({ status: 0, code: "timeout" });
  });

  it("reports dropped connections as network errors", async () => {
    srv.fallback = () => ({ destroy: true });
    await expect(client({ retries: 0 }).stat("b", "k")).rejects.toMatchObject({ status: 0, code: "network" });
  });

  it("stops at once when the caller aborts", async () => {
    srv.fallback = () => ({ delayMs: 300, body: {} });
    const ac = new AbortController();
    const p = client().stat("b", "k", { signal: ac.signal });
    setTimeout(() => ac.abort(new Error("user cancelled")), 30);
    await expect(p).rejects.toThrow("user cancelled");
    expect(sleeps).toEqual([]);
  });

  it("refuses a 200 answer that is not JSON", async () => {
    srv.queue.push({ text: "<html>proxy</html>" });
    await expect(client().stat("b", "k")).rejects.toMatchObject({ code: "bad_response", status: 200 });
  });
});

describe("data processing", () => {
  it("pfop: POST /pfop/ with a QBox-signed form body", async () => {
    srv.queue.push({ body: { persistentId: "z0.abc" } });
    const fops = [withSaveAs("avthumb/mp4", "out", "a.mp4"), "vframe/jpg/offset/1"];
    expect(await client().pfop({ bucket: "bkt", key: "a b.mp4", fops, notifyURL: "http://app.example.com/n", pipeline: "p1", force: true })).toEqual({
      persistentId: "z0.abc",
    });
    const r = last();
    expect(r.method).toBe("POST");
    expect(r.target).toBe("/pfop/");
    expect(r.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(r.body).toBe(`bucket=bkt&key=a%20b.mp4&fops=${encodeURIComponent(fops.join(";"))}&notifyURL=http%3A%2F%2Fapp.example.com%2Fn&pipeline=p1&force=1`);
    expect(r.headers.authorization).toBe(qiniu.util.generateAccessToken(mac(AK, SK), `${srv.url}/pfop/`, r.body));
  });

  it("prefop: GET /status/get/prefop?id= signed with QBox", async () => {
    const status = { id: "z0.abc", code: 0, desc: "The fop was completed successfully", inputKey: "a", inputBucket: "b", items: [] };
    srv.queue.push({ body: status });
    expect(await client().prefop("z0.abc")).toEqual(status);
    expect(last().target).toBe("/status/get/prefop?id=z0.abc");
    expect(last().headers.authorization).toBe(qiniu.util.generateAccessToken(mac(AK, SK), `${srv.url}/status/get/prefop?id=z0.abc`));
  });
});

describe("CDN", () => {
  const urls = (n: number) => Array.from({ length: n }, (_, i) => `http://cdn.example.com/${i}.jpg`);

  it("refresh: JSON body, QBox over the path only (as the SDK signs it)", async () => {
    srv.queue.push({ body: { code: 200, error: "success", requestId: "r1", invalidUrls: null, invalidDirs: null } });
    const res = await client().cdnRefresh({ urls: urls(2), dirs: ["http://cdn.example.com/d/"] });
    expect(res.requestId).toBe("r1");
    const r = last();
    expect(r.method).toBe("POST");
    expect(r.target).toBe("/v2/tune/refresh");
    expect(r.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(r.body)).toEqual({ urls: urls(2), dirs: ["http://cdn.example.com/d/"] });
    expect(r.headers.authorization).toBe(qiniu.util.generateAccessToken(mac(AK, SK), `${srv.url}/v2/tune/refresh`));
  });

  it("checks per-request limits before sending anything", async () => {
    const c = client();
    await expect(c.cdnRefresh({ urls: urls(61) })).rejects.toThrow(/At most 60 urls/);
    await expect(c.cdnRefresh({ dirs: Array.from({ length: 11 }, (_, i) => `http://cdn.example.com/${i}/`) })).rejects.toThrow(/At most 10 dirs/);
    await expect(c.cdnRefresh({ dirs: ["http://cdn.example.com/nodir"] })).rejects.toThrow(/end with '\/'/);
    await expect(c.cdnRefresh({ urls: ["ftp://x/a"] })).rejects.toThrow(/http\(s\)/);
    await expect(c.cdnRefresh({})).rejects.toThrow(/Nothing to refresh/);
    await expect(c.cdnPrefetch(urls(61))).rejects.toThrow(/At most 60 urls/);
    expect(srv.requests).toHaveLength(0);
    srv.queue.push({ body: { code: 200, requestId: "p", invalidUrls: [] } }, { body: { code: 200, requestId: "q", invalidUrls: null, invalidDirs: null } });
    await c.cdnPrefetch(urls(60));
    await c.cdnRefresh({ urls: urls(60), dirs: Array.from({ length: 10 }, (_, i) => `http://cdn.example.com/${i}/*`) });
    expect(srv.requests.map((r) => r.target)).toEqual(["/v2/tune/prefetch", "/v2/tune/refresh"]);
  });

  it("turns a body code other than 200 into a QiniuError with the API code", async () => {
    srv.queue.push({ status: 400, body: { code: 400031, error: "invalid url" } });
    await expect(client().cdnRefresh({ urls: urls(1) })).rejects.toMatchObject({
      status: 400,
      apiCode: 400031,
      code: "cdn_error",
      message: "invalid url",
      reqId: expect.stringMatching(/^req-/),
    });
    srv.queue.push({ status: 200, body: { code: 400082, error: "date range too long" } });
    await expect(client().cdnFlux({ domains: ["a.com"], startDate: "2024-01-01", endDate: "2024-03-01", granularity: "day" })).rejects.toMatchObject({
      apiCode: 400082,
    });
  });

  it("flux, bandwidth and log list send the documented JSON", async () => {
    const stats = { code: 200, error: "", time: ["2024-01-01 00:00:00"], data: { "a.com": { china: [1], oversea: [0] } } };
    srv.queue.push(
      { body: stats },
      { body: stats },
      { body: { code: 200, data: { "a.com": [{ name: "a.gz", size: 1, mtime: 2, url: "http://l/a.gz" }] } } },
      { body: { code: 200, items: [{ url: "u", state: "success" }] } },
    );
    const c = client();
    expect(await c.cdnFlux({ domains: ["a.com", "b.com"], startDate: "2024-01-01", endDate: "2024-01-02", granularity: "hour" })).toEqual({
      time: stats.time,
      data: stats.data,
    });
    await c.cdnBandwidth({ domains: ["a.com"], startDate: "2024-01-01", endDate: "2024-01-01", granularity: "5min", type: "bandwidth" });
    expect(await c.cdnLogList({ day: "2024-01-01", domains: ["a.com"] })).toEqual({ "a.com": [{ name: "a.gz", size: 1, mtime: 2, url: "http://l/a.gz" }] });
    expect((await c.cdnRefreshList({ requestId: "r1" })).items).toEqual([{ url: "u", state: "success" }]);
    expect(srv.requests.map((r) => [r.target, JSON.parse(r.body)])).toEqual([
      ["/v2/tune/flux", { startDate: "2024-01-01", endDate: "2024-01-02", granularity: "hour", domains: "a.com;b.com" }],
      ["/v2/tune/bandwidth", { startDate: "2024-01-01", endDate: "2024-01-01", granularity: "5min", domains: "a.com", type: "bandwidth" }],
      ["/v2/tune/log/list", { day: "2024-01-01", domains: "a.com" }],
      ["/v2/tune/refresh/list", { requestId: "r1" }],
    ]);
    for (const r of srv.requests) expect(signatureVerifies(r, AK, SK)).toBe(true);
    await expect(c.cdnFlux({ domains: [], startDate: "2024-01-01", endDate: "2024-01-02", granularity: "day" })).rejects.toThrow(/domain/);
    await expect(c.cdnFlux({ domains: ["a"], startDate: "2024-1-1", endDate: "2024-01-02", granularity: "day" })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
