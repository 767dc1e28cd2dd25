// Lifecycle with a one-second "day" (EMULATOR_DAY_SECONDS=1): expired objects really disappear (the background sweep
// deletes row and content without any read), transitions change the storage class, restoreAr opens a read window.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { urlsafeBase64Decode } from "@/lib/qiniu/base64";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, download, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
let domain: string;
const B = "life";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stat = (key: string) => call<Record<string, number>>(sdk.bucketManager.stat(B, key)).catch((e) => e as { status: number; data: undefined });

function blobPath(hash: string): string {
  const hex = Buffer.from(urlsafeBase64Decode(hash)).toString("hex");
  return path.join(emu.dataDir, "blobs", hex.slice(2, 4), hex);
}

async function put(key: string, data: string, policy: Record<string, unknown> = {}): Promise<string> {
  const r = await call<{ hash: string }>(
    sdk.formUploader.put(sdk.uploadToken({ scope: `${B}:${key}`, ...policy }), key, Buffer.from(data), new sdk.qiniu.form_up.PutExtra()),
  );
  expect(r.status).toBe(200);
  return r.data.hash;
}

beforeAll(async () => {
  emu = await startEmulator({ env: { EMULATOR_DAY_SECONDS: "1", EMULATOR_SWEEP_MS: "100", EMULATOR_RESTORE_SECONDS: "1" } });
  sdk = sdkFor(emu);
  await call(sdk.bucketManager.createBucket(B, { regionId: "z0" }));
  const info = (await (await fetch(`${emu.endpoints.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> };
  domain = info.buckets[B].domain;
});
afterAll(() => emu?.stop());

describe("deleteAfterDays", () => {
  it("the sweep removes an expired object's row and content without anyone reading it", async () => {
    const hash = await put("expire/policy.txt", "short-lived content", { deleteAfterDays: 1 });
    expect(existsSync(blobPath(hash))).toBe(true);
    let gone = false;
    for (let i = 0; i < 60 && !gone; i++) {
      await sleep(100);
      gone = !existsSync(blobPath(hash));
    }
    expect(gone).toBe(true);
    // The content leaves blobs/ at once and is deleted from tmp/ in the background: nothing is left behind.
    let leftovers = readdirSync(path.join(emu.dataDir, "tmp"));
    for (let i = 0; i < 40 && leftovers.length > 0; i++) {
      await sleep(50);
      leftovers = readdirSync(path.join(emu.dataDir, "tmp"));
    }
    expect(leftovers).toEqual([]);
    expect((await stat("expire/policy.txt")).status).toBe(612);
    const list = await call<{ items: { key: string }[] }>(sdk.bucketManager.listPrefix(B, { prefix: "expire/" }));
    expect(list.data.items).toEqual([]);
  });

  it("the deleteAfterDays operation expires an object; 0 cancels it", async () => {
    await put("expire/op.txt", "op");
    await put("expire/kept.txt", "kept");
    await call(sdk.bucketManager.deleteAfterDays(B, "expire/op.txt", 1));
    await call(sdk.bucketManager.deleteAfterDays(B, "expire/kept.txt", 1));
    await call(sdk.bucketManager.deleteAfterDays(B, "expire/kept.txt", 0));
    await sleep(1500);
    expect((await download(`${domain}/expire/op.txt`)).status).toBe(404);
    expect((await stat("expire/op.txt")).status).toBe(612);
    expect((await stat("expire/kept.txt")).status).toBe(200);
  });
});

describe("storage classes", () => {
  it("lifecycle transitions change the type once their day has come", async () => {
    await put("class/t.txt", "transition");
    await call(sdk.bucketManager.setObjectLifeCycle(B, "class/t.txt", { toIaAfterDays: 1 } as never));
    expect((await stat("class/t.txt")).data?.type).toBe(0);
    await sleep(1200);
    expect((await stat("class/t.txt")).data?.type).toBe(1);
  });

  it("restoreAr makes an archived object readable for freezeAfterDays", async () => {
    await put("class/a.txt", "archived");
    await call(sdk.bucketManager.changeType(B, "class/a.txt", 2));
    expect((await download(`${domain}/class/a.txt`)).status).toBe(403);
    await call(sdk.bucketManager.restoreAr(`${B}:class/a.txt`, 1));
    expect((await stat("class/a.txt")).data?.restoreStatus).toBe(1);
    await sleep(1100);
    expect((await stat("class/a.txt")).data?.restoreStatus).toBe(2);
    const ok = await download(`${domain}/class/a.txt`);
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toBe("archived");
    await sleep(1100);
    expect((await download(`${domain}/class/a.txt`)).status).toBe(403);
  });
});
