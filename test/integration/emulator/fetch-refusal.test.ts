// "Fetch a URL into the bucket" stands where Qiniu's servers stand: in the default configuration (as under npm start)
// no spelling of loopback reaches this machine, through fetch, a mirror source or a redirect. Loopback fetches need
// --allow-loopback-fetch, and even then a redirect to a private address is refused before any connection.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "./sdk";

const B = "ssrf-target";
let plain: RunningEmulator;
let permissive: RunningEmulator;
let target: http.Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  target = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url?.startsWith("/redirect-to/")) {
      res.writeHead(302, { Location: decodeURIComponent(req.url.slice("/redirect-to/".length)) }).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "text/plain" }).end("internal secret");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  port = (target.address() as AddressInfo).port;
  [plain, permissive] = await Promise.all([startEmulator(), startEmulator({ allowLoopbackFetch: true })]);
  for (const emu of [plain, permissive]) expect((await call(sdkFor(emu).bucketManager.createBucket(B, { regionId: "z0" }))).status).toBe(200);
});

afterAll(async () => {
  await Promise.all([plain?.stop(), permissive?.stop()]);
  target?.close();
});

async function fetchStatus(sdk: Sdk, url: string, key: string): Promise<number> {
  const r = await call(sdk.bucketManager.fetch(url, B, key)).catch((e: { code?: number }) => ({ status: e.code ?? -1 }));
  return r.status;
}

describe("fetch into a bucket, default options", () => {
  it("refuses loopback in every spelling and never connects", async () => {
    const sdk = sdkFor(plain);
    const spellings = ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "LOCALHOST", "localhost", "[::1]", "[::ffff:127.0.0.1]"];
    for (const [i, host] of spellings.entries()) {
      const status = await fetchStatus(sdk, `http://${host}:${port}/secret.txt`, `stolen-${i}.txt`);
      expect(status, host).toBe(403);
      expect((await call(sdk.bucketManager.stat(B, `stolen-${i}.txt`)).catch(() => ({ status: 612 }))).status).toBe(612);
    }
    expect(hits).toEqual([]);
  });

  it("does not pull a missing key from a loopback mirror source", async () => {
    const sdk = sdkFor(plain);
    await call(sdk.bucketManager.image(B, `http://127.0.0.1:${port}`));
    const domain = (await (await fetch(`${plain.endpoints.uc}/__emulator`)).json()).buckets[B].domain as string;
    expect((await fetch(`${domain}/mirrored.txt`)).status).toBe(403);
    expect(hits).toEqual([]);
  });
});

describe("fetch into a bucket, --allow-loopback-fetch", () => {
  it("fetches loopback, but checks every redirect: private and metadata targets are refused", async () => {
    const sdk = sdkFor(permissive);
    expect(await fetchStatus(sdk, `http://127.1:${port}/ok.txt`, "ok.txt")).toBe(200);
    expect(hits).toEqual(["/ok.txt"]);
    for (const to of ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::ffff:192.168.0.1]/"]) {
      hits.length = 0;
      expect(await fetchStatus(sdk, `http://127.0.0.1:${port}/redirect-to/${encodeURIComponent(to)}`, "redirected.txt"), to).toBe(403);
      expect(hits).toHaveLength(1);
    }
  });
});
