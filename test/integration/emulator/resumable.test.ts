// Resumable uploads v1 (mkblk/bput/mkfile) and v2 (multipart) through the official Node SDK, plus the protocol's
// edge cases sent by hand: stale ctx (701), part order, part sizes, Content-MD5, unknown/aborted uploads (612).
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { etagOfBuffer, etagOfParts } from "@/lib/qiniu/etag-node";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
let dir: string;
const B = "resumable";
const MiB = 1024 * 1024;

function pattern(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) % 251;
  return b;
}

function file(name: string, data: Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
}

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  dir = mkdtempSync(path.join(os.tmpdir(), "emu-resumable-"));
  await call(sdk.bucketManager.createBucket(B, { regionId: "z0" }));
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const stat = (key: string) => call<Record<string, unknown>>(sdk.bucketManager.stat(B, key)).catch((e) => e as { status: number });
const upTok = (policy: Record<string, unknown> = {}) => `UpToken ${sdk.uploadToken({ scope: B, ...policy })}`;

describe("through the SDK", () => {
  it("v1: a 6 MiB file in two blocks, with fname, MIME and custom variables", async () => {
    const data = pattern(6 * MiB + 123, 1);
    const extra = new sdk.qiniu.resume_up.PutExtra("movie.bin", { "x:tag": "v1" }, "application/x-movie");
    extra.metadata = { "x-qn-meta-rating": "pg" };
    const r = await call<Record<string, unknown>>(
      sdk.resumeUploader.putFile(
        sdk.uploadToken({ scope: B, returnBody: '{"key":"$(key)","hash":"$(etag)","fname":"$(fname)","tag":"$(x:tag)","mime":"$(mimeType)"}' }),
        "v1/movie.bin",
        file("v1.bin", data),
        extra,
      ),
    );
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ key: "v1/movie.bin", hash: etagOfBuffer(data), fname: "movie.bin", tag: "v1", mime: "application/x-movie" });
    expect((r.data.hash as string).startsWith("l")).toBe(true);
    const st = await stat("v1/movie.bin");
    expect(st).toMatchObject({ data: { fsize: data.length, md5: createHash("md5").update(data).digest("hex"), "x-qn-meta": { rating: "pg" } } });
  });

  it("v2 with 2 MiB parts: the hash follows the part layout (v2 etag)", async () => {
    const data = pattern(5 * MiB, 2);
    const extra = new sdk.qiniu.resume_up.PutExtra("p.bin", {}, undefined, undefined, undefined, 2 * MiB, "v2");
    const r = await call<{ hash: string; key: string }>(
      sdk.resumeUploader.putFile(sdk.uploadToken({ scope: B }), "v2/parts-2m.bin", file("v2a.bin", data), extra),
    );
    expect(r.status).toBe(200);
    expect(r.data.hash).toBe(etagOfParts(data, [2 * MiB, 2 * MiB, MiB]));
    expect(r.data.hash.startsWith("n")).toBe(true);
    const url = `${emu.endpoints.rs}/stat/${urlsafeBase64Encode(`${B}:v2/parts-2m.bin`)}?needparts=true`;
    const { signQiniuV2 } = await import("@/lib/qiniu/auth");
    const st = await fetch(url, { headers: { Authorization: signQiniuV2({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { method: "GET", url }) } });
    expect(((await st.json()) as { parts: number[] }).parts).toEqual([2 * MiB, 2 * MiB, MiB]);
  });

  it("v2 with 4 MiB parts gives the plain v1 etag", async () => {
    const data = pattern(9 * MiB, 3);
    const extra = new sdk.qiniu.resume_up.PutExtra("", {}, undefined, undefined, undefined, 4 * MiB, "v2");
    const r = await call<{ hash: string }>(sdk.resumeUploader.putFile(sdk.uploadToken({ scope: B }), "v2/parts-4m.bin", file("v2b.bin", data), extra));
    expect(r.data.hash).toBe(etagOfBuffer(data));
  });

  it("resumable uploads overwrite under a bucket scope unless insertOnly is set", async () => {
    const t = sdk.uploadToken({ scope: B });
    const one = new sdk.qiniu.resume_up.PutExtra();
    await call(sdk.resumeUploader.putFile(t, "ow.bin", file("ow1.bin", pattern(1000, 4)), one));
    const again = await call(sdk.resumeUploader.putFile(t, "ow.bin", file("ow2.bin", pattern(1000, 5)), new sdk.qiniu.resume_up.PutExtra()));
    expect(again.status).toBe(200);
    const strict = await call(
      sdk.resumeUploader.putFile(sdk.uploadToken({ scope: B, insertOnly: 1 }), "ow.bin", file("ow3.bin", pattern(1000, 6)), new sdk.qiniu.resume_up.PutExtra()),
    ).catch((e) => e as { status: number });
    expect((strict as { status: number }).status).toBe(614);
  });
});

describe("v1 protocol details", () => {
  async function mkblk(size: number, chunk: Buffer, auth = upTok()) {
    return fetch(`${emu.endpoints.up}/mkblk/${size}`, {
      method: "POST",
      headers: { Authorization: auth, "Content-Type": "application/octet-stream" },
      body: new Uint8Array(chunk),
    });
  }

  it("builds a block from several chunks with bput, reports crc32 per chunk, and rejects a stale ctx with 701", async () => {
    const data = pattern(300_000, 7);
    const first = await mkblk(data.length, data.subarray(0, 100_000));
    const a = (await first.json()) as { ctx: string; crc32: number; offset: number };
    expect(a).toMatchObject({ crc32: crc32(data.subarray(0, 100_000)) >>> 0, offset: 100_000 });
    const put = (ctx: string, off: number, chunk: Buffer) =>
      fetch(`${emu.endpoints.up}/bput/${ctx}/${off}`, { method: "POST", headers: { Authorization: upTok() }, body: new Uint8Array(chunk) });
    const b = (await (await put(a.ctx, 100_000, data.subarray(100_000, 250_000))).json()) as { ctx: string; offset: number };
    expect(b.offset).toBe(250_000);
    expect((await put(a.ctx, 100_000, data.subarray(100_000, 250_000))).status).toBe(701);
    const c = (await (await put(b.ctx, 250_000, data.subarray(250_000))).json()) as { ctx: string };
    // Python sends mkfile without a Content-Type.
    const key = urlsafeBase64Encode("v1/chunked.bin");
    const mk = await fetch(`${emu.endpoints.up}/mkfile/${data.length}/key/${key}`, { method: "POST", headers: { Authorization: upTok() }, body: c.ctx });
    expect(mk.status).toBe(200);
    expect(await mk.json()).toEqual({ key: "v1/chunked.bin", hash: etagOfBuffer(data) });
  });

  it("mkfile refuses unknown ctx (701) and a size that does not match the blocks (400)", async () => {
    const data = pattern(1000, 8);
    const { ctx } = (await (await mkblk(1000, data)).json()) as { ctx: string };
    const bogus = urlsafeBase64Encode("0123456789abcdef0123456789abcdef:1000");
    expect((await fetch(`${emu.endpoints.up}/mkfile/1000`, { method: "POST", headers: { Authorization: upTok() }, body: bogus })).status).toBe(701);
    expect((await fetch(`${emu.endpoints.up}/mkfile/999`, { method: "POST", headers: { Authorization: upTok() }, body: ctx })).status).toBe(400);
    expect((await mkblk(5 * MiB, data)).status).toBe(400);
    expect((await mkblk(1000, data, "UpToken nope")).status).toBe(401);
  });
});

describe("v2 protocol details", () => {
  const base = (key: string) => `${emu.endpoints.up}/buckets/${B}/objects/${urlsafeBase64Encode(key)}/uploads`;
  async function init(key: string): Promise<string> {
    const r = await fetch(base(key), { method: "POST", headers: { Authorization: upTok() } });
    expect(r.status).toBe(200);
    return ((await r.json()) as { uploadId: string }).uploadId;
  }
  const putPart = (key: string, id: string, n: number, data: Buffer, md5?: string) =>
    fetch(`${base(key)}/${id}/${n}`, {
      method: "PUT",
      headers: { Authorization: upTok(), "Content-Type": "application/octet-stream", ...(md5 ? { "Content-MD5": md5 } : {}) },
      body: new Uint8Array(data),
    });
  const complete = (key: string, id: string, parts: { partNumber: number; etag: string }[]) =>
    fetch(`${base(key)}/${id}`, {
      method: "POST",
      headers: { Authorization: upTok(), "Content-Type": "application/json" },
      body: JSON.stringify({ parts, fname: "x.bin", mimeType: null, customVars: null, metadata: null }),
    });

  it("accepts parts in any order, lists them in pages, and checks order and sizes at complete", async () => {
    const key = "v2/manual.bin";
    const id = await init(key);
    const p1 = pattern(MiB, 9);
    const p2 = pattern(300, 10);
    const r2 = (await (await putPart(key, id, 2, p2)).json()) as { etag: string; md5: string };
    expect(r2.md5).toBe(createHash("md5").update(p2).digest("hex"));
    const small = (await (await putPart(key, id, 1, pattern(10, 1))).json()) as { etag: string };
    // A part below 1 MiB that is not the last one is refused at complete.
    expect(
      (
        await complete(key, id, [
          { partNumber: 1, etag: small.etag },
          { partNumber: 2, etag: r2.etag },
        ])
      ).status,
    ).toBe(400);
    const r1 = (await (await putPart(key, id, 1, p1, createHash("md5").update(p1).digest("hex"))).json()) as { etag: string };
    const page1 = (await (await fetch(`${base(key)}/${id}?max-parts=1`, { headers: { Authorization: upTok() } })).json()) as {
      partNumberMarker: number;
      parts: { partNumber: number; size: number }[];
    };
    expect(page1.parts).toEqual([expect.objectContaining({ partNumber: 1, size: MiB })]);
    expect(page1.partNumberMarker).toBe(1);
    const page2 = (await (await fetch(`${base(key)}/${id}?max-parts=1&part-number-marker=1`, { headers: { Authorization: upTok() } })).json()) as {
      partNumberMarker: number;
      parts: { partNumber: number }[];
    };
    expect(page2).toMatchObject({ partNumberMarker: 0, parts: [{ partNumber: 2 }] });
    expect(
      (
        await complete(key, id, [
          { partNumber: 2, etag: r2.etag },
          { partNumber: 1, etag: r1.etag },
        ])
      ).status,
    ).toBe(400);
    expect(
      (
        await complete(key, id, [
          { partNumber: 1, etag: r2.etag },
          { partNumber: 2, etag: r2.etag },
        ])
      ).status,
    ).toBe(400);
    const done = await complete(key, id, [
      { partNumber: 1, etag: r1.etag },
      { partNumber: 2, etag: r2.etag },
    ]);
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ key, hash: etagOfParts([p1, p2]) });
    // The upload is gone once completed.
    expect((await putPart(key, id, 3, p2)).status).toBe(612);
  });

  it("refuses a wrong Content-MD5, unknown upload ids, and parts after abort", async () => {
    const key = "v2/abort.bin";
    const id = await init(key);
    expect((await putPart(key, id, 1, pattern(100, 1), "0".repeat(32))).status).toBe(400);
    expect((await putPart(key, "emu-nosuchupload", 1, pattern(100, 1))).status).toBe(612);
    expect((await putPart(key, id, 10001, pattern(100, 1))).status).toBe(400);
    expect((await fetch(`${base(key)}/${id}`, { method: "DELETE", headers: { Authorization: upTok() } })).status).toBe(200);
    expect((await putPart(key, id, 1, pattern(100, 1))).status).toBe(612);
    expect(((await stat(key)) as { status: number }).status).toBe(612);
  });

  it("uses `~` for an upload without a key (saveKey or the hash names it)", async () => {
    const data = pattern(2000, 11);
    const r = await fetch(`${emu.endpoints.up}/buckets/${B}/objects/~/uploads`, { method: "POST", headers: { Authorization: upTok() } });
    const { uploadId } = (await r.json()) as { uploadId: string };
    const part = (await (
      await fetch(`${emu.endpoints.up}/buckets/${B}/objects/~/uploads/${uploadId}/1`, {
        method: "PUT",
        headers: { Authorization: upTok() },
        body: new Uint8Array(data),
      })
    ).json()) as { etag: string };
    const done = await fetch(`${emu.endpoints.up}/buckets/${B}/objects/~/uploads/${uploadId}`, {
      method: "POST",
      headers: { Authorization: upTok(), "Content-Type": "application/json" },
      body: JSON.stringify({ parts: [{ partNumber: 1, etag: part.etag }] }),
    });
    expect(await done.json()).toEqual({ key: etagOfBuffer(data), hash: etagOfBuffer(data) });
  });
});
