import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { ASSETS, NOON, PHOTOS, startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(async () => h?.close());

// The field layout Qiniu's CDN logs use (ip, hit, response ms, time, request line, status, bytes, referer, UA).
const LINE = /^(\S+) (HIT|MISS) (\d+) \[(.*?)\] "(\S+) (.*?) (\S+)" (\d+) (\d+) "(.*?)" "(.*?)"$/;
type LogFile = { name: string; size: number; mtime: number; url: string };

async function list(day: string, domains: string): Promise<Record<string, LogFile[]>> {
  const r = await h.call("/v2/tune/log/list", { day, domains });
  expect(r.body.code).toBe(200);
  return r.body.data as Record<string, LogFile[]>;
}

async function download(url: string): Promise<string[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/gzip");
  return gunzipSync(Buffer.from(await res.arrayBuffer()))
    .toString("utf8")
    .trimEnd()
    .split("\n");
}

describe("log list and download", () => {
  it("lists one gzipped access log per domain and hour, in Qiniu's line format, built from the records", async () => {
    h = await startHarness();
    h.record({ time: NOON, url: "/a%20b.jpg?v=1", bytes: 1234, ip: "192.0.2.7", durationMs: 12, referer: 'https://x.test/"q"', userAgent: "curl/8.5" });
    h.record({ time: NOON + 1000, url: "/a%20b.jpg?v=1", bytes: 1234, ip: "192.0.2.7" });
    h.record({ time: NOON + 2000, url: "/gone.png", status: 404, bytes: 10 });
    h.record({ time: NOON - 13 * 3600_000, url: "/yesterday.jpg" }); // 2024-02-29 23:00 Beijing time
    h.record({ time: NOON + 3600_000, url: "/next-hour.jpg" }); // 13:00: the next hour's file
    const data = await list("2024-03-01", `${PHOTOS};${ASSETS}`);
    expect(data[ASSETS]).toEqual([]);
    expect(data[PHOTOS].map((f) => f.name)).toEqual(["127.0.0.1-19410_2024-03-01-12_part-00000.gz", "127.0.0.1-19410_2024-03-01-13_part-00000.gz"]);
    const file = data[PHOTOS][0];
    expect(file.mtime).toBe(Math.floor(NOON / 1000));
    const lines = await download(file.url);
    expect(lines).toHaveLength(3);
    const fields = lines.map((l) => LINE.exec(l));
    expect(fields.every(Boolean)).toBe(true);
    const [first, second, third] = fields as RegExpExecArray[];
    expect(first.slice(1)).toEqual([
      "192.0.2.7",
      "MISS",
      "12",
      "01/Mar/2024:12:00:00 +0800",
      "GET",
      `http://${PHOTOS}/a%20b.jpg?v=1`,
      "HTTP/1.1",
      "200",
      "1234",
      "https://x.test/%22q%22",
      "curl/8.5",
    ]);
    expect(second[2]).toBe("HIT");
    expect([third[2], third[8], third[10], third[11]]).toEqual(["MISS", "404", "-", "-"]);
    expect(file.size).toBe((await (await fetch(file.url)).arrayBuffer()).byteLength);
  });

  it("refuses downloads without a valid, unexpired token", async () => {
    h = await startHarness({ logLinkTtlSeconds: 60 });
    h.record({ time: NOON });
    const { url } = (await list("2024-03-01", PHOTOS))[PHOTOS][0];
    expect((await fetch(url.replace(/&token=.*/, ""))).status).toBe(401);
    expect((await fetch(url.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).status).toBe(401);
    expect((await fetch(url.replace(/e=(\d+)/, (_, e) => `e=${Number(e) + 1}`))).status).toBe(401);
    h.clock.now += 61_000;
    expect((await fetch(url)).status).toBe(401);
  });

  it("keeps a generated file until new records arrive for that day", async () => {
    h = await startHarness();
    h.record({ time: NOON });
    const first = (await list("2024-03-01", PHOTOS))[PHOTOS][0];
    h.clock.now += 60_000;
    expect((await list("2024-03-01", PHOTOS))[PHOTOS][0].mtime).toBe(first.mtime);
    h.record({ time: NOON + 30_000, url: "/later.jpg" });
    const second = (await list("2024-03-01", PHOTOS))[PHOTOS][0];
    expect(second.mtime).toBe(first.mtime + 60);
    expect(await download(second.url)).toHaveLength(2);
  });

  it("lists nothing for days without traffic, in the future, or past the 30-day retention", async () => {
    h = await startHarness();
    h.record({ time: NOON - 40 * 24 * 3600_000 });
    expect((await list("2024-01-21", PHOTOS))[PHOTOS]).toEqual([]);
    expect((await list("2024-03-05", PHOTOS))[PHOTOS]).toEqual([]);
    expect((await list("2024-02-28", PHOTOS))[PHOTOS]).toEqual([]);
    const bad = await h.call("/v2/tune/log/list", { day: "2024-3-1", domains: PHOTOS });
    expect(bad.body.code).toBe(400000);
    const foreign = await h.call("/v2/tune/log/list", { day: "2024-03-01", domains: "x.example.com" });
    expect(foreign.body.code).toBe(400032);
  });
});
