// Timestamp anti-leech, end to end against the real emulator (issue 21): the emulator enforces per-domain primary and
// backup keys (EMULATOR_CDN_ANTILEECH) and reports them in its domain API; the console reads them from there (or from
// QINIU_CDN_ANTILEECH_KEYS) and signs every link it builds — downloads, previews, imageView2 thumbnails (the fop kept
// and applied), private-bucket links (token over the signed URL) — so all are served; a wrong or expired key is 403.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attnameQuery, thumbnailFop } from "@/lib/buckets/object-url";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { issueObjectUrl } from "@/server/buckets/object-links";
import { urlListStream } from "@/server/buckets/url-list";
import { zipStream, type ZipTally } from "@/server/buckets/zip-download";
import { domainAntiLeech, forgetAntiLeech, signingKey } from "@/server/cdn/antileech";
import { signCdnLink } from "@/server/cdn/scope";
import type { Principal } from "@/lib/permissions";
import { startEmulator, type RunningEmulator } from "../../support/emulator";

const PUBLIC = "leech-public";
const PRIVATE = "leech-private";
const PLAIN = "leech-plain";
const PRIMARY = "primary-key-1";
const BACKUP = "backup-key-2";
const admin: Principal = { role: "admin", scopes: [] };
let emu: RunningEmulator;
let client: QiniuClient;
const origin: Record<string, string> = {};
const creds = () => ({ accessKey: emu.accessKey, secretKey: emu.secretKey });
const none = { overrides: {} };

async function put(bucket: string, key: string, body: Buffer): Promise<void> {
  const form = new FormData();
  form.set("token", signUploadToken(creds(), { scope: `${bucket}:${key}` }, { expires: 600 }));
  form.set("key", key);
  form.set("file", new Blob([new Uint8Array(body)]), "f");
  expect((await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form })).status).toBe(200);
}

beforeAll(async () => {
  emu = await startEmulator({ env: { EMULATOR_CDN_ANTILEECH: `${PUBLIC}=${PRIMARY}|${BACKUP},${PRIVATE}=${PRIMARY}` } });
  const e = emu.endpoints;
  client = new QiniuClient({
    accessKey: emu.accessKey,
    secretKey: emu.secretKey,
    hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion },
  });
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 10, g: 200, b: 30 } } })
    .png()
    .toBuffer();
  for (const b of [PUBLIC, PRIVATE, PLAIN]) {
    await client.mkbucket(b, "z0");
    await put(b, "img/a b.png", png);
  }
  await client.setBucketPrivate(PRIVATE, true);
  const info = (await (await fetch(`${e.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> };
  for (const b of [PUBLIC, PRIVATE, PLAIN]) origin[b] = info.buckets[b].domain.replace(/\/+$/, "");
  forgetAntiLeech();
});

afterAll(async () => {
  await emu?.stop();
});

describe("keys from the domain API", () => {
  it("reports primary and backup keys of an anti-leech domain, and none for a plain one", async () => {
    expect(await domainAntiLeech(client, origin[PUBLIC], none)).toEqual({ enabled: true, keys: [PRIMARY, BACKUP], source: "domain" });
    expect(await domainAntiLeech(client, origin[PLAIN], none)).toEqual({ enabled: false, keys: [], source: "domain" });
  });

  it("lets QINIU_CDN_ANTILEECH_KEYS override the domain API, and uses the default key only when the API cannot tell", async () => {
    const host = new URL(origin[PLAIN]).host;
    expect(await domainAntiLeech(client, origin[PLAIN], { overrides: { [host]: ["k"] } })).toEqual({ enabled: true, keys: ["k"], source: "override" });
    const offline = new QiniuClient({ accessKey: "x", secretKey: "y", hosts: { ...client.transport.hosts, api: "http://127.0.0.1:1" }, retries: 0 });
    expect(await domainAntiLeech(offline, "other.example.com", { overrides: {}, defaultKey: "dflt" })).toEqual({
      enabled: true,
      keys: ["dflt"],
      source: "default",
    });
  });
});

describe("links the console builds", () => {
  it("are served on an anti-leech domain: download, attname download and the imageView2 thumbnail (processed)", async () => {
    const target = { origin: origin[PUBLIC], private: false, antiLeechKey: await signingKey(client, origin[PUBLIC], none) };
    expect(target.antiLeechKey).toBe(PRIMARY);
    const plain = issueObjectUrl(creds(), target, "img/a b.png", { expiresIn: 600 });
    expect(plain.expiresAt).not.toBeNull();
    expect((await fetch(plain.url)).status).toBe(200);
    const dl = await fetch(issueObjectUrl(creds(), target, "img/a b.png", { expiresIn: 600, query: attnameQuery("a b.png") }).url);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-disposition")).toContain("attachment");
    const thumb = issueObjectUrl(creds(), target, "img/a b.png", { expiresIn: 600, query: thumbnailFop(100) });
    expect(thumb.url).toMatch(/\?imageView2\/1\/w\/100\/h\/100\/q\/75&sign=[0-9a-f]{32}&t=[0-9a-f]+$/);
    const res = await fetch(thumb.url);
    expect(res.status).toBe(200);
    expect(await sharp(Buffer.from(await res.arrayBuffer())).metadata()).toMatchObject({ width: 100, height: 100 });
  });

  it("are served in a private bucket on an anti-leech domain (sign and t first, the token over them)", async () => {
    const target = { origin: origin[PRIVATE], private: true, antiLeechKey: await signingKey(client, origin[PRIVATE], none) };
    const { url } = issueObjectUrl(creds(), target, "img/a b.png", { expiresIn: 600, query: thumbnailFop(50) });
    expect(url).toMatch(/&sign=[0-9a-f]{32}&t=[0-9a-f]+&e=\d+&token=/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(50);
    // Without the anti-leech signature the token alone is not enough, and the reverse neither.
    expect((await fetch(issueObjectUrl(creds(), { ...target, antiLeechKey: undefined }, "img/a b.png", { expiresIn: 600 }).url)).status).toBe(403);
    expect((await fetch(issueObjectUrl(creds(), { ...target, private: false }, "img/a b.png", { expiresIn: 600 }).url)).status).toBe(401);
  });

  it("are refused with a wrong key or once expired, and accepted with the backup key (rotation)", async () => {
    const at = (antiLeechKey: string, expiresIn = 600, now?: number) =>
      issueObjectUrl(creds(), { origin: origin[PUBLIC], private: false, antiLeechKey }, "img/a b.png", { expiresIn, now }).url;
    expect((await fetch(at("not-the-key"))).status).toBe(403);
    expect((await fetch(at(PRIMARY, 60, Date.now() - 3600_000))).status).toBe(403);
    expect((await fetch(at(BACKUP))).status).toBe(200);
    expect((await fetch(`${origin[PUBLIC]}/img/a%20b.png`)).status).toBe(403);
  });

  it("signs the anti-leech panel's links with the domain's key, the query verbatim and the token for a private bucket", async () => {
    const host = (b: string) => new URL(origin[b]).host;
    const pub = await signCdnLink(
      client,
      admin,
      { domain: host(PUBLIC), scheme: "http", path: "img/a b.png", query: "imageView2/1/w/40", expiresIn: 600 },
      BACKUP,
      creds(),
    );
    expect(pub.url).toContain("?imageView2/1/w/40&sign=");
    const res = await fetch(pub.url);
    expect(res.status).toBe(200);
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(40);
    const priv = await signCdnLink(client, admin, { domain: host(PRIVATE), scheme: "http", path: "img/a b.png", query: "", expiresIn: 600 }, PRIMARY, creds());
    expect((await fetch(priv.url)).status).toBe(200);
  });

  it("serve the zip download and the signed URL list of an anti-leech domain (public and private bucket)", async () => {
    for (const bucket of [PUBLIC, PRIVATE]) {
      const deps = {
        client,
        creds: creds(),
        target: { origin: origin[bucket], private: bucket === PRIVATE, antiLeechKey: await signingKey(client, origin[bucket], none) },
      };
      let done!: (t: ZipTally) => void;
      const finished = new Promise<ZipTally>((r) => (done = r));
      const zip = Buffer.from(await new Response(zipStream(deps, { bucket, prefix: "img/" }, (t) => done(t))).arrayBuffer());
      expect(zip.length).toBeGreaterThan(100);
      expect(await finished).toMatchObject({ entries: 1, failed: [] });
      const csv = await new Response(urlListStream(deps, { bucket, prefix: "img/" }, "csv", 600)).text();
      const url = csv.trim().split("\r\n")[1].split(",").at(-1)!;
      expect(url).toMatch(/sign=[0-9a-f]{32}&t=/);
      expect((await fetch(url)).status).toBe(200);
    }
  });
});
