// kill -9 during concurrent uploads (form, v2 multipart) and batch moves, then restart on the same data directory:
// every listed object downloads with its recorded hash, every acknowledged upload is there, batch moves are
// all-or-nothing (each object exists on exactly one side), and no temp file or unreferenced blob is left.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { exitOf, startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "./sdk";

const B = "crash";
const MOVERS = 40;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "emu-crash-"));
let emu: RunningEmulator | undefined;

afterAll(async () => {
  await emu?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function content(i: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let k = 0; k < size; k++) b[k] = (k * 13 + i * 7) & 0xff;
  return b;
}

async function listAll(sdk: Sdk): Promise<{ key: string; hash: string; fsize: number }[]> {
  const out: { key: string; hash: string; fsize: number }[] = [];
  let marker = "";
  do {
    const r = await call<{ items: { key: string; hash: string; fsize: number }[]; marker?: string }>(sdk.bucketManager.listPrefix(B, { limit: 1000, marker }));
    out.push(...r.data.items);
    marker = r.data.marker ?? "";
  } while (marker);
  return out;
}

/** Uploads until stopped; records what the server acknowledged. */
async function uploader(sdk: Sdk, id: number, acked: Map<string, string>, stop: { now: boolean }): Promise<void> {
  for (let n = 0; !stop.now; n++) {
    const key = `up/${id}/${n}`;
    const data = content(id * 1000 + n, 20_000 + ((id * 7919 + n * 104729) % 400_000));
    try {
      const r = await call<{ hash: string }>(sdk.formUploader.put(sdk.uploadToken({ scope: `${B}:${key}` }), key, data, new sdk.qiniu.form_up.PutExtra()));
      if (r.status === 200) acked.set(key, r.data.hash);
    } catch {
      return; // the server went away
    }
  }
}

async function multipart(sdk: Sdk, up: string, stop: { now: boolean }): Promise<void> {
  const token = `UpToken ${sdk.uploadToken({ scope: B })}`;
  for (let n = 0; !stop.now; n++) {
    const base = `${up}/buckets/${B}/objects/${urlsafeBase64Encode(`mp/${n}`)}/uploads`;
    try {
      const { uploadId } = (await (await fetch(base, { method: "POST", headers: { Authorization: token } })).json()) as { uploadId: string };
      const parts = [];
      for (let p = 1; p <= 2; p++) {
        const r = await fetch(`${base}/${uploadId}/${p}`, {
          method: "PUT",
          headers: { Authorization: token },
          body: new Uint8Array(content(n + p, p === 1 ? 1024 * 1024 : 70_000)),
        });
        parts.push({ partNumber: p, etag: ((await r.json()) as { etag: string }).etag });
      }
      await fetch(`${base}/${uploadId}`, {
        method: "POST",
        headers: { Authorization: token, "Content-Type": "application/json" },
        body: JSON.stringify({ parts }),
      });
    } catch {
      return;
    }
  }
}

async function mover(sdk: Sdk, stop: { now: boolean }): Promise<void> {
  const side = new Map<number, "a" | "b">();
  for (let i = 0; i < MOVERS; i++) side.set(i, "a");
  for (let round = 0; !stop.now; round++) {
    const picked = Array.from({ length: 10 }, (_, k) => (round * 10 + k) % MOVERS);
    const ops = picked.map((i) => {
      const from = side.get(i)!;
      const to = from === "a" ? "b" : "a";
      return sdk.qiniu.rs.moveOp(B, `mv/${from}/${i}`, B, `mv/${to}/${i}`, { force: true });
    });
    try {
      const r = await call<{ code: number }[]>(sdk.bucketManager.batch(ops));
      r.data.forEach((item, k) => {
        if (item.code === 200) side.set(picked[k], side.get(picked[k]) === "a" ? "b" : "a");
      });
    } catch {
      return;
    }
  }
}

async function checkConsistency(run: RunningEmulator, acked: Map<string, string>): Promise<number> {
  const sdk = sdkFor(run);
  const items = await listAll(sdk);
  const domain = run.buckets[B].domain;
  for (const item of items) {
    const res = await fetch(`${domain}/${item.key.split("/").map(encodeURIComponent).join("/")}`);
    expect(res.status, item.key).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length, item.key).toBe(item.fsize);
    if (!item.key.startsWith("mp/")) expect(etagOfBuffer(body), item.key).toBe(item.hash);
  }
  const keys = new Set(items.map((i) => i.key));
  for (const [key, hash] of acked) {
    expect(keys.has(key), `acknowledged upload ${key} survives`).toBe(true);
    expect(items.find((i) => i.key === key)!.hash).toBe(hash);
  }
  for (let i = 0; i < MOVERS; i++) {
    expect(Number(keys.has(`mv/a/${i}`)) + Number(keys.has(`mv/b/${i}`)), `mv/*/${i} exists exactly once`).toBe(1);
  }
  expect(readdirSync(path.join(dataDir, "tmp"))).toEqual([]);
  // Every blob on disk is referenced by a listed object.
  const blobs = readdirSync(path.join(dataDir, "blobs")).flatMap((d) => readdirSync(path.join(dataDir, "blobs", d)));
  expect(blobs.length).toBeLessThanOrEqual(new Set(items.map((i) => i.hash)).size);
  return items.length;
}

describe("crash safety", () => {
  it("survives kill -9 during concurrent uploads and batch moves", async () => {
    emu = await startEmulator({ dataDir });
    let sdk = sdkFor(emu);
    await call(sdk.bucketManager.createBucket(B, { regionId: "z0" }));
    for (let i = 0; i < MOVERS; i++) {
      await call(sdk.formUploader.put(sdk.uploadToken({ scope: B }), `mv/a/${i}`, content(i, 3000 + i), new sdk.qiniu.form_up.PutExtra()));
    }
    const acked = new Map<string, string>();
    for (const round of [1, 2]) {
      const stop = { now: false };
      const work = [
        ...Array.from({ length: 6 }, (_, id) => uploader(sdk, id + round * 100, acked, stop)),
        mover(sdk, stop),
        mover(sdk, stop),
        multipart(sdk, emu.endpoints.up, stop),
      ];
      // Kill while work is in full swing: after a few uploads of this round have been acknowledged (machine speed
      // varies a lot), plus a little jitter so the kill lands at different points of a write.
      const target = acked.size + 4 * round;
      for (let waited = 0; acked.size < target && waited < 30_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
      emu.kill9();
      stop.now = true;
      await exitOf(emu);
      await Promise.allSettled(work);
      emu = await startEmulator({ dataDir });
      sdk = sdkFor(emu);
      const count = await checkConsistency(emu, acked);
      expect(count).toBeGreaterThan(MOVERS);
    }
    expect(acked.size).toBeGreaterThan(5);
  }, 120_000);
});
