// The console's Qiniu client on a two-region emulator, configured (like `npm start`) with z0's hosts only: calls about
// the z1 bucket go to z1's hosts, found by the uc region query. Without the resolver the same calls are refused with
// 400 "incorrect region" (the first test shows that, so the others are known to depend on it).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QiniuClient } from "@/lib/qiniu/client";
import { chgmOp, statOp } from "@/lib/qiniu/ops";
import type { QiniuHosts } from "@/lib/qiniu/regions";
import { issueUploadTokens } from "@/server/upload/tokens";
import { startEmulator, type RunningEmulator } from "../../support/emulator";

let emu: RunningEmulator;
let hosts: QiniuHosts;
let client: QiniuClient;
/** Answers the upload callbacks the tokens ask for (what they record is upload-tokens.test.ts's subject). */
let receiver: http.Server;
const Z1 = "north-media";
const Z0 = "east-media";
const hostOf = (url: string) => new URL(url).host;

async function formUpload(upBase: string, token: string, key: string, body: string) {
  const form = new FormData();
  form.set("token", token);
  form.set("key", key);
  form.set("file", new Blob([body], { type: "text/plain" }), key);
  const res = await fetch(`${upBase}/`, { method: "POST", body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  emu = await startEmulator({ allowLoopbackFetch: true });
  receiver = http.createServer((req, res) => req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}")));
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const e = emu.endpoints;
  hosts = { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion };
  Object.assign(process.env, {
    QINIU_ACCESS_KEY: emu.accessKey,
    QINIU_SECRET_KEY: emu.secretKey,
    ...Object.fromEntries(Object.entries(hosts).map(([k, v]) => [`QINIU_${k.toUpperCase()}_HOST`, v])),
    CONSOLE_EMULATOR: "1",
    CONSOLE_PUBLIC_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    NEXTAUTH_SECRET: "regions-integration-secret-0123456789abcdef",
  });
  client = new QiniuClient({ accessKey: emu.accessKey, secretKey: emu.secretKey, hosts, resolveRegions: true });
  await client.mkbucket(Z1, "z1");
  await client.mkbucket(Z0, "z0");
});
afterAll(async () => {
  receiver?.close();
  await emu?.stop();
});

describe("per-bucket regions in the console's client", () => {
  it("without the resolver, z0's hosts refuse the z1 bucket (what the console did before)", async () => {
    const fixed = new QiniuClient({ accessKey: emu.accessKey, secretKey: emu.secretKey, hosts });
    await expect(fixed.list({ bucket: Z1 })).rejects.toMatchObject({ status: 400, message: `incorrect region, please use ${hostOf(emu.regions.z1.rsf)}` });
    await expect(fixed.stat(Z1, "x")).rejects.toMatchObject({ status: 400 });
  });

  it("upload tokens name the bucket's own up host; the upload there succeeds, to z0's it is refused", async () => {
    const uploader = { id: "u1", email: "admin@regions.test", role: "admin" as const, scopes: [] };
    const file = (bucket: string) => ({ id: bucket, bucket, prefix: "", relativePath: "hello.txt", size: 5, mimeType: "text/plain", overwrite: true });
    const [north, east] = await issueUploadTokens(uploader, "batch-1", [file(Z1), file(Z0)]);
    if (!north.ok || !east.ok) throw new Error("tokens refused");
    // Primary first, then the region's backup (the browser tries it when the primary fails).
    expect(north.up).toEqual({ uphost: hostOf(emu.regions.z1.up[0]), upprotocol: "http", backups: [hostOf(emu.regions.z1.up[1])] });
    expect(east.up).toEqual({ uphost: hostOf(emu.regions.z0.up[0]), upprotocol: "http", backups: [hostOf(emu.regions.z0.up[1])] });
    expect(north.up!.backups![0]).not.toBe(north.up!.uphost);
    expect((await formUpload(emu.endpoints.up, north.token, "hello.txt", "north")).status).toBe(400);
    // The answer is the callback receiver's; the object is there.
    expect((await formUpload(`http://${north.up!.uphost}`, north.token, "hello.txt", "north")).status).toBe(200);
    // The backup is a working up host of the same region.
    expect((await formUpload(`http://${north.up!.backups![0]}`, north.token, "hello.txt", "north")).status).toBe(200);
    expect(await client.stat(Z1, "hello.txt")).toMatchObject({ fsize: 5 });
  });

  it("list, stat, management, batch, fetch and pfop on the z1 bucket go to z1's hosts", async () => {
    expect((await client.bucketRegion(Z1)).region).toBe("z1");
    const page = await client.list({ bucket: Z1 });
    expect(page.items.map((i) => i.key)).toEqual(["hello.txt"]);
    expect(await client.stat(Z1, "hello.txt")).toMatchObject({ fsize: 5 });
    await client.chgm(Z1, "hello.txt", "text/markdown");
    await client.copy({ bucket: Z1, key: "hello.txt" }, { bucket: Z1, key: "copy.txt" });
    const results = await client.batch([statOp(Z1, "copy.txt"), chgmOp(Z1, "copy.txt", "text/csv"), statOp(Z1, "copy.txt")]);
    expect(results.map((r) => r.code)).toEqual([200, 200, 200]);
    expect(results[2].data).toMatchObject({ mimeType: "text/csv" });
    const domain = emu.buckets[Z1]?.domain ?? `http://${(await client.bucketDomains(Z1))[0]}`;
    const fetched = await client.fetch(`${domain}/hello.txt`, Z1, "fetched.txt");
    expect(fetched).toMatchObject({ key: "fetched.txt", fsize: 5 });
    const { persistentId } = await client.pfop({ bucket: Z1, key: "hello.txt", fops: "avinfo" });
    expect(persistentId).toMatch(/^z1\./);
    await client.delete(Z1, "copy.txt");
    await expect(client.stat(Z1, "copy.txt")).rejects.toMatchObject({ status: 612 });
    // The z0 bucket keeps using z0's hosts; bucket listing is region-independent.
    expect((await client.bucketRegion(Z0)).hosts.rs).toEqual([emu.regions.z0.rs]);
    expect((await client.listBuckets()).sort()).toEqual([Z0, Z1]);
  });
});
