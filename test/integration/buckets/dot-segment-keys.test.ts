// Keys are opaque strings: a viewer scoped to "docs/" who may read the key "docs/../secret/other.txt" gets that key's
// content through every link the console builds (preview, link, download, thumbnail), never "secret/other.txt",
// which URL parsers would otherwise make of it. Real emulator, both keys stored, public and private buckets.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attnameQuery, thumbnailFop } from "@/lib/buckets/object-url";
import { can, type Principal } from "@/lib/permissions";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { issueObjectUrl } from "@/server/buckets/object-links";
import { readObjectStart } from "@/server/buckets/object-text";
import { startEmulator, type RunningEmulator } from "../../support/emulator";

const PUB = "dots-public";
const PRIV = "dots-private";
const TRICKY = [
  "docs/../secret/other.txt",
  "docs/./secret/other.txt",
  "docs/%2e%2e/secret/other.txt",
  "docs/.%2E/secret/other.txt",
  "docs/a/../../secret/other.txt",
];
let emu: RunningEmulator;
let domains: Record<string, { domain: string }>;
const creds = () => ({ accessKey: emu.accessKey, secretKey: emu.secretKey });
const viewer: Principal = {
  role: "viewer",
  scopes: [
    { bucket: PUB, prefix: "docs/" },
    { bucket: PRIV, prefix: "docs/" },
  ],
};

async function put(bucket: string, key: string, body: Buffer | string, mime = "text/plain"): Promise<void> {
  const form = new FormData();
  form.set("token", signUploadToken(creds(), { scope: `${bucket}:${key}` }, { expires: 600 }));
  form.set("key", key);
  form.set("file", new Blob([typeof body === "string" ? body : new Uint8Array(body)], { type: mime }), "f");
  const res = await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  emu = await startEmulator();
  const e = emu.endpoints;
  const client = new QiniuClient({ ...creds(), hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion } });
  await client.mkbucket(PUB, "z0");
  await client.mkbucket(PRIV, "z0");
  await client.setBucketPrivate(PRIV, true);
  domains = ((await (await fetch(`${e.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> }).buckets;
  const red = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#f00" } })
    .png()
    .toBuffer();
  const blue = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#00f" } })
    .png()
    .toBuffer();
  for (const bucket of [PUB, PRIV]) {
    await put(bucket, "secret/other.txt", "THE SECRET");
    await put(bucket, "secret/other.png", blue, "image/png");
    for (const key of TRICKY) await put(bucket, key, `literal ${key}`);
    await put(bucket, "docs/../secret/other.png", red, "image/png");
  }
});

afterAll(async () => {
  await emu?.stop();
});

const target = (bucket: string) => ({ origin: domains[bucket].domain, private: bucket === PRIV });

describe.each([PUB, PRIV])("keys with dot segments in %s", (bucket) => {
  it("the scope check and the preview see the same, literal key", async () => {
    for (const key of TRICKY) {
      expect(can(viewer, "objects.read", { bucket, key })).toBe(true);
      const { url } = issueObjectUrl(creds(), target(bucket), key, { expiresIn: 300 });
      expect(await readObjectStart(url, 1024), key).toEqual({ text: `literal ${key}`, truncated: false });
    }
    expect(can(viewer, "objects.read", { bucket, key: "secret/other.txt" })).toBe(false);
  });

  it("links and download links fetch the literal key", async () => {
    for (const key of TRICKY) {
      const link = issueObjectUrl(creds(), target(bucket), key, { expiresIn: 300 });
      expect(await (await fetch(link.url)).text(), key).toBe(`literal ${key}`);
      const download = issueObjectUrl(creds(), target(bucket), key, { expiresIn: 300, query: attnameQuery("other.txt") });
      const res = await fetch(download.url);
      expect(await res.text(), key).toBe(`literal ${key}`);
      expect(res.headers.get("content-disposition")).toContain("other.txt");
    }
  });

  it("thumbnails are made of the literal key", async () => {
    const { url } = issueObjectUrl(creds(), target(bucket), "docs/../secret/other.png", { expiresIn: 300, query: thumbnailFop(32) });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const { data } = await sharp(Buffer.from(await res.arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([data[0], data[2]]).toEqual([255, 0]);
  });
});
