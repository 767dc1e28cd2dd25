// The browser's server side against a real emulator: single-object operations report when they replaced an existing
// object (the trigger for "refresh CDN after overwrite"), and grid thumbnail links give real small images, signed
// with the fop inside for private buckets.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thumbnailFop } from "@/lib/buckets/object-url";
import { signQBox, signUploadToken } from "@/lib/qiniu/auth";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { QiniuClient } from "@/lib/qiniu/client";
import { issueObjectUrl } from "@/server/buckets/object-links";
import { fetchObject, objectExists, prefetchFromMirror, transferObject } from "@/server/buckets/overwrite";
import { startEmulator, type RunningEmulator } from "../../support/emulator";

const PUB = "ow-public";
const PRIV = "ow-private";
let emu: RunningEmulator;
let client: QiniuClient;
let domains: Record<string, string>;
const creds = () => ({ accessKey: emu.accessKey, secretKey: emu.secretKey });

async function put(bucket: string, key: string, body: Blob): Promise<void> {
  const form = new FormData();
  form.set("token", signUploadToken(creds(), { scope: `${bucket}:${key}` }, { expires: 600 }));
  form.set("key", key);
  form.set("file", body, "f");
  const res = await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form });
  expect(res.status, await res.clone().text()).toBe(200);
}

const text = (s: string) => new Blob([s], { type: "text/plain" });

beforeAll(async () => {
  emu = await startEmulator({ allowLoopbackFetch: true });
  const e = emu.endpoints;
  client = new QiniuClient({
    accessKey: emu.accessKey,
    secretKey: emu.secretKey,
    hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion },
  });
  await client.mkbucket(PUB, "z0");
  await client.mkbucket(PRIV, "z0");
  await client.setBucketPrivate(PRIV, true);
  domains = Object.fromEntries(
    Object.entries(((await (await fetch(`${e.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> }).buckets).map(([b, v]) => [
      b,
      v.domain,
    ]),
  );
  await put(PUB, "a.txt", text("new a"));
  await put(PUB, "b.txt", text("old b"));
  await put(PUB, "c.txt", text("c"));
  const photo = await sharp({ create: { width: 800, height: 500, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .toBuffer();
  await put(PUB, "photo.jpg", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }));
  await put(PRIV, "photo.jpg", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }));
});

afterAll(() => emu?.stop());

describe("overwrite detection", () => {
  it("tells whether a key holds an object", async () => {
    expect(await objectExists(client, PUB, "a.txt")).toBe(true);
    expect(await objectExists(client, PUB, "nothing-here.txt")).toBe(false);
  });

  it("reports a forced copy onto an existing key as an overwrite, a copy to a new key as none", async () => {
    expect(await transferObject(client, "copy", { bucket: PUB, key: "a.txt" }, { bucket: PUB, key: "b.txt" }, true)).toEqual({
      bucket: PUB,
      key: "b.txt",
      overwrote: true,
    });
    expect(await (await fetch(`${domains[PUB]}/b.txt`)).text()).toBe("new a");
    expect(await transferObject(client, "copy", { bucket: PUB, key: "a.txt" }, { bucket: PUB, key: "fresh.txt" }, true)).toEqual({
      bucket: PUB,
      key: "fresh.txt",
      overwrote: false,
    });
    // without force an existing target is refused (614), so nothing is overwritten
    await expect(transferObject(client, "copy", { bucket: PUB, key: "a.txt" }, { bucket: PUB, key: "c.txt" }, false)).rejects.toMatchObject({
      code: "file_exists",
    });
    expect(await (await fetch(`${domains[PUB]}/c.txt`)).text()).toBe("c");
  });

  it("reports a forced move onto an existing key, across buckets too", async () => {
    await put(PRIV, "target.txt", text("old"));
    await put(PUB, "move-me.txt", text("moved"));
    expect(await transferObject(client, "move", { bucket: PUB, key: "move-me.txt" }, { bucket: PRIV, key: "target.txt" }, true)).toEqual({
      bucket: PRIV,
      key: "target.txt",
      overwrote: true,
    });
    expect(await objectExists(client, PUB, "move-me.txt")).toBe(false);
  });

  it("reports a fetch into an existing key as an overwrite, into a new key as none", async () => {
    const source = `${domains[PUB]}/a.txt`;
    expect(await fetchObject(client, source, PUB, "fetched.txt")).toMatchObject({ key: "fetched.txt", overwrote: false });
    expect(await fetchObject(client, source, PUB, "c.txt")).toMatchObject({ key: "c.txt", overwrote: true, fsize: "new a".length });
  });

  it("reports a mirror prefetch of a stored key as an overwrite", async () => {
    const mirrored = "ow-mirror";
    await client.mkbucket(mirrored, "z0");
    const path = `/image/${mirrored}/from/${urlsafeBase64Encode(domains[PUB])}`;
    const r = await fetch(`${emu.endpoints.uc}${path}`, { method: "POST", headers: { Authorization: signQBox(creds(), { path }) } });
    expect(r.status, await r.clone().text()).toBe(200);
    expect(await prefetchFromMirror(client, mirrored, "a.txt")).toEqual({ key: "a.txt", overwrote: false });
    expect(await prefetchFromMirror(client, mirrored, "a.txt")).toEqual({ key: "a.txt", overwrote: true });
  });
});

describe("grid thumbnails", () => {
  it("public and signed private thumbnail links return a 160×160 image, not the original", async () => {
    for (const bucket of [PUB, PRIV]) {
      const { url } = issueObjectUrl(creds(), { origin: domains[bucket], private: bucket === PRIV }, "photo.jpg", { expiresIn: 600, query: thumbnailFop() });
      expect(url).toContain("?imageView2/1/w/160/h/160/q/75");
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/jpeg");
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([160, 160]);
    }
  });
});
