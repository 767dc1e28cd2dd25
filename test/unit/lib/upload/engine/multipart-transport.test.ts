// The multipart transport: which answers are retried, how failures read, the part record that lets an upload resume
// after a reload, and the move to a backup up host (jsdom's XMLHttpRequest against loopback servers). The transport
// also runs in Chromium against the emulator (test/e2e/upload.spec.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { JSDOM } from "jsdom";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { replyError, retryable, startMultipart } from "@/lib/upload/engine/multipart-transport";
import type { TransferError } from "@/lib/upload/engine/transfer";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { forgetParts, forgetUnfinished, partsRecordKey, readParts, rememberUnfinished, uploadedBytesOf, writeParts } from "@/lib/upload/engine/resume-store";

/** A Storage over a Map: Node has no localStorage. */
class MapStorage {
  private readonly m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  clear() {
    this.m.clear();
  }
}

describe("multipart transport", () => {
  it("retries network failures and 5xx answers, not 579 (the callback failed after storing) nor Qiniu's 6xx/7xx codes", () => {
    expect([0, 500, 502, 503, 599].map(retryable)).toEqual([true, true, true, true, true]);
    expect([400, 401, 403, 413, 579, 612, 614, 631, 701].map(retryable)).toEqual([false, false, false, false, false, false, false, false, false]);
  });

  it("reports the service's own error text and reqId, else what failed and how", () => {
    expect(replyError({ status: 403, body: { error: "key not in scope" }, reqId: "r1" }, "part 3")).toEqual({
      code: 403,
      message: "key not in scope",
      reqId: "r1",
    });
    expect(replyError({ status: 0, body: undefined }, "part 3")).toEqual({ code: 0, message: "part 3: network error", reqId: undefined });
    expect(replyError({ status: 502, body: "<html>bad gateway</html>", reqId: "" }, "completing the upload")).toEqual({
      code: 502,
      message: "completing the upload: HTTP 502",
      reqId: undefined,
    });
  });
});

describe("part records", () => {
  const g = globalThis as { localStorage?: unknown; window?: unknown };
  beforeEach(() => {
    g.localStorage = new MapStorage();
    g.window = new EventTarget();
  });
  afterEach(() => {
    delete g.localStorage;
    delete g.window;
  });

  const file = { name: "movie.bin", key: "big/movie.bin", size: 200 * 1024 * 1024 };

  it("round-trips a record and gives the stored bytes to the resume panel", () => {
    expect(readParts(file)).toBeUndefined();
    writeParts(file, { uploadId: "u1", partSize: 4 << 20, expireAt: Date.now() + 1e6, parts: [1, 2, 5], bytes: 12 << 20 });
    expect(readParts(file)).toMatchObject({ uploadId: "u1", parts: [1, 2, 5] });
    rememberUnfinished({ bucket: "b", key: file.key, name: file.name, size: file.size, lastModified: 1, relativePath: "movie.bin", overwrite: false });
    expect(
      uploadedBytesOf({
        bucket: "b",
        key: file.key,
        name: file.name,
        size: file.size,
        lastModified: 1,
        relativePath: "movie.bin",
        overwrite: false,
        savedAt: 0,
      }),
    ).toBe(12 << 20);
    // Another size of the same name and key is another file.
    expect(readParts({ ...file, size: file.size + 1 })).toBeUndefined();
  });

  it("ignores records that are not its own shape, and forgets them on request", () => {
    (g.localStorage as MapStorage).setItem(partsRecordKey(file), "{not json");
    expect(readParts(file)).toBeUndefined();
    (g.localStorage as MapStorage).setItem(partsRecordKey(file), JSON.stringify({ id: "qiniu-js shape", data: [] }));
    expect(readParts(file)).toBeUndefined();
    writeParts(file, { uploadId: "u2", partSize: 4 << 20, expireAt: 0, parts: [], bytes: 0 });
    forgetParts(file);
    expect(readParts(file)).toBeUndefined();
  });

  it("dropping an unfinished upload with its parts removes the part record too", () => {
    writeParts(file, { uploadId: "u3", partSize: 4 << 20, expireAt: 0, parts: [1], bytes: 4 << 20 });
    rememberUnfinished({ bucket: "b", key: file.key, name: file.name, size: file.size, lastModified: 1, relativePath: "movie.bin", overwrite: false });
    forgetUnfinished("b", file.key);
    expect(readParts(file)).toBeDefined();
    rememberUnfinished({ bucket: "b", key: file.key, name: file.name, size: file.size, lastModified: 1, relativePath: "movie.bin", overwrite: false });
    forgetUnfinished("b", file.key, true);
    expect(readParts(file)).toBeUndefined();
  });
});

/**
 * A loopback stand-in for one up host's v2 multipart API (with the CORS answers jsdom's XMLHttpRequest asks for).
 * `fail` picks requests to answer with a status instead; every request is recorded as "METHOD /tail".
 */
async function fakeUpHost(fail: (method: string, tail: string) => number | undefined = () => undefined) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    if (req.method === "OPTIONS") {
      res.writeHead(204, { "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE", "Access-Control-Allow-Headers": "Authorization, Content-Type" }).end();
      return;
    }
    const tail = req.url!.replace(/^\/buckets\/[^/]+\/objects\/[^/]+\/uploads/, "") || "/";
    seen.push(`${req.method} ${tail}`);
    req.resume().on("end", () => {
      const status = fail(req.method!, tail);
      if (status) return void res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ error: `answered ${status}` }));
      const body =
        req.method === "POST" && tail === "/"
          ? { uploadId: "up-1", expireAt: Math.floor(Date.now() / 1000) + 7 * 86400 }
          : req.method === "PUT"
            ? { etag: `etag-${tail.split("/").pop()}` }
            : { key: "big.bin", hash: "h" };
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r()).closeAllConnections()),
  };
}

/** A loopback port nothing listens on (connections to it are refused). */
async function refusingHost(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `127.0.0.1:${port}`;
}

describe("multipart transport on the region's backup up hosts", () => {
  const g = globalThis as { localStorage?: unknown; window?: unknown; XMLHttpRequest?: unknown };
  const dom = new JSDOM("", { url: "http://console.test/" });
  const closers: (() => Promise<void>)[] = [];
  beforeEach(() => {
    g.localStorage = new MapStorage();
    g.window = new EventTarget();
    g.XMLHttpRequest = dom.window.XMLHttpRequest;
  });
  afterEach(async () => {
    delete g.localStorage;
    delete g.window;
    delete g.XMLHttpRequest;
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  afterAll(() => dom.window.close());

  const PART = 1024;
  /** Uploads three parts to [primary, ...backups]; resolves with the outcome. */
  function upload(uphost: string, backups: string[], partConcurrency = 2) {
    const file = new dom.window.File([new Uint8Array(3 * PART).fill(7)], "big.bin") as unknown as File;
    const token = `ak:sig:${urlsafeBase64Encode(JSON.stringify({ scope: "bucket:big.bin", deadline: 2e9 }))}`;
    return new Promise<{ ok: true; body: unknown } | { ok: false; error: TransferError }>((resolve) => {
      startMultipart(
        { file, key: "big.bin", token, mimeType: "application/octet-stream", customVars: {} },
        { uphost, upprotocol: "http", backups, chunkSizeMb: 4, partConcurrency },
        { onProgress: () => undefined, onComplete: (body) => resolve({ ok: true, body }), onError: (error) => resolve({ ok: false, error }) },
        { partSize: PART, retryDelayMs: 0 },
      );
    });
  }
  async function host(fail?: Parameters<typeof fakeUpHost>[0]) {
    const h = await fakeUpHost(fail);
    closers.push(h.close);
    return h;
  }

  it("a primary that refuses connections: every request goes to the backup and the upload completes there", async () => {
    const backup = await host();
    expect(await upload(await refusingHost(), [backup.host])).toEqual({ ok: true, body: { key: "big.bin", hash: "h" } });
    expect(backup.seen.sort()).toEqual(["POST /", "POST /up-1", "PUT /up-1/1", "PUT /up-1/2", "PUT /up-1/3"]);
  });

  it("a part answered 503 is sent to the backup, and the rest of the upload stays there", async () => {
    const primary = await host((method, tail) => (method === "PUT" && tail === "/up-1/2" ? 503 : undefined));
    const backup = await host();
    // One part at a time, so part 3 is sent after part 2 has moved the upload.
    const done = await upload(primary.host, [backup.host], 1);
    expect(done).toMatchObject({ ok: true });
    expect(primary.seen).toEqual(["POST /", "PUT /up-1/1", "PUT /up-1/2"]);
    expect(backup.seen).toEqual(["PUT /up-1/2", "PUT /up-1/3", "POST /up-1"]);
  });

  it("a failing complete is retried on the next host, round the list", async () => {
    const primary = await host((method, tail) => (method === "POST" && tail === "/up-1" ? 599 : undefined));
    const backup = await host((method, tail) => (method === "POST" && tail === "/up-1" ? 502 : undefined));
    const done = await upload(primary.host, [backup.host]);
    // 1 + 3 retries, alternating: primary, backup, primary, backup; then the last answer is reported.
    expect(done).toEqual({ ok: false, error: { code: 502, message: "answered 502", reqId: undefined } });
    expect(primary.seen.filter((s) => s === "POST /up-1")).toHaveLength(2);
    expect(backup.seen.filter((s) => s === "POST /up-1")).toHaveLength(2);
  });

  it("a 400 or a final 6xx is not sent to the backup", async () => {
    for (const status of [400, 614]) {
      const primary = await host((method, tail) => (method === "PUT" && tail === "/up-1/1" ? status : undefined));
      const backup = await host();
      expect(await upload(primary.host, [backup.host])).toMatchObject({ ok: false, error: { code: status } });
      expect(backup.seen).toEqual([]);
      expect(primary.seen.filter((s) => s === "PUT /up-1/1")).toHaveLength(1);
    }
  });
});
