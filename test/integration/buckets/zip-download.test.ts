// The bulk downloads (issue 20) against the real emulator: a folder or a selection as a .zip (entries, names, nested
// folders, bytes equal to what the official SDK downloads), the signed-URL lists, and the scope check the routes make.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import qiniu from "qiniu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/permissions";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { assertReadable, readSource } from "@/server/buckets/download-route";
import { urlListStream } from "@/server/buckets/url-list";
import { entryName, zipStream, type ZipSource, type ZipTally } from "@/server/buckets/zip-download";
import { startEmulator, type RunningEmulator } from "../../support/emulator";

const BUCKET = "zip-private";
let emu: RunningEmulator;
let client: QiniuClient;
let domain: string;
let dir: string;
const creds = () => ({ accessKey: emu.accessKey, secretKey: emu.secretKey });
const contents = new Map<string, Buffer>();
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function put(key: string, body: Buffer): Promise<void> {
  const form = new FormData();
  form.set("token", signUploadToken(creds(), { scope: `${BUCKET}:${key}` }, { expires: 600 }));
  form.set("key", key);
  form.set("file", new Blob([new Uint8Array(body)]), "f");
  const res = await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form });
  expect(res.status, await res.clone().text()).toBe(200);
  contents.set(key, body);
}

/** The SDK's own signed download of a key (private bucket). */
async function sdkDownload(key: string): Promise<Buffer> {
  const mac = new qiniu.auth.digest.Mac(emu.accessKey, emu.secretKey);
  const url = new qiniu.rs.BucketManager(mac, new qiniu.conf.Config()).privateDownloadUrl(domain, key, Math.floor(Date.now() / 1000) + 600);
  const res = await fetch(url);
  expect(res.status, `${url} ${await res.clone().text()}`).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const deps = () => ({ client, creds: creds(), target: { origin: domain, private: true } });

async function zipToFile(src: ZipSource): Promise<{ file: string; tally: ZipTally; aborted: boolean }> {
  let done!: (v: { tally: ZipTally; aborted: boolean }) => void;
  const finished = new Promise<{ tally: ZipTally; aborted: boolean }>((r) => (done = r));
  const bytes = Buffer.from(await new Response(zipStream(deps(), src, (tally, aborted) => done({ tally, aborted }))).arrayBuffer());
  const file = path.join(dir, `${randomBytes(4).toString("hex")}.zip`);
  writeFileSync(file, bytes);
  return { file, ...(await finished) };
}
const entries = (file: string) => execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
// unzip's -p treats its name argument as a wildcard pattern: escape the pattern characters.
const entryBytes = (file: string, name: string) => execFileSync("unzip", ["-p", file, name.replace(/[[\]*?\\]/g, "\\$&")], { maxBuffer: 64 << 20 });

beforeAll(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(path.join(os.tmpdir(), "zip-test-"));
  const e = emu.endpoints;
  client = new QiniuClient({ ...creds(), hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion } });
  await client.mkbucket(BUCKET, "z0");
  await client.setBucketPrivate(BUCKET, true);
  domain = ((await (await fetch(`${e.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> }).buckets[BUCKET].domain;
  await put("photos/a.txt", Buffer.from("alpha"));
  await put("photos/sub/b.bin", randomBytes(700_000));
  await put("photos/sub/deep/c.txt", Buffer.from("gamma"));
  await put("photos//d.txt", Buffer.from("empty segment"));
  await put("photos/../e.txt", Buffer.from("dot segment"));
  await put("photos/empty/", Buffer.alloc(0));
  await put("other/secret.txt", Buffer.from("not yours"));
});

afterAll(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("entry names", () => {
  it("are relative to the folder, with only unsafe segments replaced", () => {
    expect(entryName("photos/sub/b.bin", "photos/")).toBe("sub/b.bin");
    expect(entryName("photos//d.txt", "photos/")).toBe("__/d.txt");
    expect(entryName("/abs/x", "")).toBe("__/abs/x");
    expect(entryName("a/../b/./c", "")).toBe("a/__/b/__/c");
    expect(entryName("C:\\win\\x", "")).toBe("_C:_win_x");
    expect(entryName("photos/empty/", "photos/")).toBe("empty/");
    expect(entryName("elsewhere/x.txt", "photos/")).toBe("elsewhere/x.txt");
  });
});

describe("folder zip", () => {
  it("holds every object under the prefix, nested, with the SDK's bytes", async () => {
    const { file, tally, aborted } = await zipToFile({ bucket: BUCKET, prefix: "photos/" });
    expect(aborted).toBe(false);
    expect(tally.failed).toEqual([]);
    expect(entries(file)).toEqual(["__/d.txt", "__/e.txt", "a.txt", "empty/", "sub/b.bin", "sub/deep/c.txt"]);
    const pairs: [string, string][] = [
      ["a.txt", "photos/a.txt"],
      ["sub/b.bin", "photos/sub/b.bin"],
      ["sub/deep/c.txt", "photos/sub/deep/c.txt"],
      ["__/d.txt", "photos//d.txt"],
      ["__/e.txt", "photos/../e.txt"],
    ];
    for (const [name, key] of pairs) {
      const got = sha(entryBytes(file, name));
      // The SDK's URL for a dot-segment key is resolved away by any URL parser (see dot-segment-keys.test.ts).
      if (!key.includes("/../")) expect(got, name).toBe(sha(await sdkDownload(key)));
      expect(got, name).toBe(sha(contents.get(key)!));
    }
    // STORE: the archive is barely larger than its contents.
    const listing = execFileSync("zipinfo", ["-v", file], { encoding: "utf8" });
    expect(listing).not.toMatch(/compression method:\s+deflated/);
    expect(listing).toMatch(/compression method:\s+none \(stored\)/);
  });
});

describe("a zip the client stops reading", () => {
  it("stops fetching and reports the abort", async () => {
    let done!: (v: { tally: ZipTally; aborted: boolean }) => void;
    const finished = new Promise<{ tally: ZipTally; aborted: boolean }>((r) => (done = r));
    const reader = zipStream(deps(), { bucket: BUCKET, prefix: "photos/" }, (tally, aborted) => done({ tally, aborted })).getReader();
    const first = await reader.read();
    expect([...first.value!.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // a local file header
    await reader.cancel();
    const { aborted, tally } = await finished;
    expect(aborted).toBe(true);
    expect(tally.entries).toBeLessThan(6);
  });
});

describe("selection zip", () => {
  it("holds the chosen keys named relative to the open folder, and lists what was missing", async () => {
    const { file, tally } = await zipToFile({ bucket: BUCKET, base: "photos/", keys: ["photos/a.txt", "photos/sub/deep/c.txt", "photos/gone.txt"] });
    expect(entries(file)).toEqual(["__download-errors.txt", "a.txt", "sub/deep/c.txt"]);
    expect(entryBytes(file, "sub/deep/c.txt").toString()).toBe("gamma");
    expect(tally.failed).toEqual(["photos/gone.txt\tnot found"]);
    expect(entryBytes(file, "__download-errors.txt").toString()).toContain("photos/gone.txt");
  });
});

describe("URL lists", () => {
  it("CSV rows carry key, size and a signed URL that fetches the object", async () => {
    const text = await new Response(urlListStream(deps(), { bucket: BUCKET, prefix: "photos/sub/" }, "csv", 600)).text();
    const rows = text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(rows[0]).toBe("key,size,url");
    expect(rows.slice(1).map((r) => r.split(",").slice(0, 2).join(","))).toEqual(["photos/sub/b.bin,700000", "photos/sub/deep/c.txt,5"]);
    const url = rows[2].split(",")[2];
    expect(url).toContain("token=");
    expect(await (await fetch(url)).text()).toBe("gamma");
  });

  it("aria2 input pairs each URL with an out= path relative to the folder", async () => {
    const text = await new Response(
      urlListStream(deps(), { bucket: BUCKET, base: "photos/", keys: ["photos//d.txt", "photos/sub/deep/c.txt"] }, "aria2", 600),
    ).text();
    const lines = text.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("  out="))).toEqual(["  out=__/d.txt", "  out=sub/deep/c.txt"]);
    expect(await (await fetch(lines[0])).text()).toBe("empty segment");
  });
});

describe("scope", () => {
  const viewer = { id: "v", email: "v@example.com", name: "V", role: "viewer", scopes: [{ bucket: BUCKET, prefix: "photos/" }] } as unknown as Principal &
    Parameters<typeof assertReadable>[0];
  const url = `http://console.test/api/buckets/${BUCKET}/zip`;

  it("a user scoped to photos/ may zip inside it", async () => {
    const { src } = await readSource(new Request(`${url}?prefix=photos%2Fsub%2F`), BUCKET);
    expect(() => assertReadable(viewer, src)).not.toThrow();
  });

  it("refuses a folder outside the scope, the whole bucket, and a selection with one key outside", async () => {
    for (const prefix of ["other/", "", "photo"]) {
      const { src } = await readSource(new Request(`${url}?prefix=${encodeURIComponent(prefix)}`), BUCKET);
      expect(() => assertReadable(viewer, src), prefix).toThrow(expect.objectContaining({ code: "forbidden" }));
    }
    const body = JSON.stringify({ base: "photos/", keys: ["photos/a.txt", "other/secret.txt"] });
    const { src } = await readSource(new Request(url, { method: "POST", body, headers: { "content-type": "application/json" } }), BUCKET);
    expect(() => assertReadable(viewer, src)).toThrow(expect.objectContaining({ code: "forbidden" }));
  });

  it("refuses more than 1,000 keys and bodies over the cap", async () => {
    const keys = Array.from({ length: 1001 }, (_, i) => `photos/${i}`);
    await expect(readSource(new Request(url, { method: "POST", body: JSON.stringify({ keys }) }), BUCKET)).rejects.toMatchObject({ code: "invalid_input" });
    const huge = JSON.stringify({ keys: ["photos/a.txt"], pad: "x".repeat(6_000_000) });
    await expect(readSource(new Request(url, { method: "POST", body: huge }), BUCKET)).rejects.toMatchObject({ code: "too_large" });
  });
});
