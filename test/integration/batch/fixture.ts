// Shared set-up for the batch runner tests: a real emulator process, a real database (PGlite in a temp dir, with
// the real migrations), a QiniuClient pointed at the emulator, and quick ways to fill a bucket.
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { copyOp } from "@/lib/qiniu/ops";
import type { BatchOperation, BatchSource } from "@/lib/batch/spec";
import type { SourceKey } from "@/lib/batch/plan";
import { createJob, type JobOwner } from "@/server/batch/create";
import type { BatchDeps } from "@/server/batch/deps";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { openTestDb, type EngineName, type TestDb } from "../../support/db";

export const ADMIN: JobOwner = { id: null, email: "runner-test@example.test", role: "admin", scopes: [] };

export interface BatchFixture {
  emu: RunningEmulator;
  testDb: TestDb;
  qiniu: QiniuClient;
  deps(overrides?: Partial<BatchDeps>): BatchDeps;
  close(): Promise<void>;
}

export function clientFor(emu: RunningEmulator): QiniuClient {
  const e = emu.endpoints;
  return new QiniuClient({
    accessKey: emu.accessKey,
    secretKey: emu.secretKey,
    hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion },
  });
}

export async function openFixture(engine: EngineName = "pglite"): Promise<BatchFixture> {
  const [emu, testDb] = await Promise.all([startEmulator(), openTestDb(engine)]);
  const qiniu = clientFor(emu);
  return {
    emu,
    testDb,
    qiniu,
    deps: (overrides = {}) => ({ db: testDb.db, qiniu, chunkSize: 1000, concurrency: 4, staleMs: 2000, ...overrides }),
    async close() {
      await Promise.all([emu.stop(), testDb.close()]);
    },
  };
}

/** Uploads one small object with a form upload (the way a browser would). */
export async function putObject(emu: RunningEmulator, bucket: string, key: string, body: string): Promise<void> {
  const token = signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { scope: `${bucket}:${key}` }, { expires: 3600 });
  const form = new FormData();
  form.set("token", token);
  form.set("key", key);
  form.set("file", new Blob([body]), "file.txt");
  const res = await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form });
  if (res.status !== 200) throw new Error(`upload of ${key} failed: ${res.status} ${await res.text()}`);
}

/** Creates `keys` in `bucket` fast: one upload, then batch copies of ≤1000. Every object has the same content. */
export async function fillBucket(emu: RunningEmulator, qiniu: QiniuClient, bucket: string, keys: readonly string[], body = "batch test object"): Promise<void> {
  const seed = `__seed/${bucket}`;
  await putObject(emu, bucket, seed, body);
  const ops = keys.map((key) => copyOp({ bucket, key: seed }, { bucket, key }, true));
  const results = await qiniu.batch(ops);
  const bad = results.filter((r) => r.code !== 200);
  if (bad.length) throw new Error(`${bad.length} seed copies failed: ${JSON.stringify(bad[0])}`);
  await qiniu.delete(bucket, seed);
}

/** Every key under `prefix` (paging with markers). */
export async function listKeys(qiniu: QiniuClient, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of qiniu.listAll({ bucket, prefix })) keys.push(...page.items.map((i) => i.key));
  return keys;
}

export async function newJob(fx: BatchFixture, source: BatchSource, operation: BatchOperation, keys: SourceKey[] = []) {
  return createJob(fx.testDb.db, ADMIN, source, operation, keys);
}

export function range(n: number, make: (i: number) => string): string[] {
  return Array.from({ length: n }, (_, i) => make(i));
}
