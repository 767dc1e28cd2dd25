// A small real EmulatorContext for the pfop engine's tests: a temp dir, a real better-sqlite3 database and a minimal
// file-backed ObjectStore (content files + etags computed by our etag library). No mocks of sharp or ffmpeg.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { copyFile, rename, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { etagOfFile } from "@/lib/qiniu/etag-node";
import { fileExists, noSuchBucket } from "@/server/emulator/http";
import type { BucketInfo, EmulatorContext, ObjectInfo, ObjectStore, PutObjectOptions } from "@/server/emulator/types";

export const AK = "test-ak";
export const SK = "test-sk";

class FileStore implements ObjectStore {
  private readonly objects = new Map<string, { info: ObjectInfo; file: string }>();

  constructor(
    private readonly dir: string,
    private readonly buckets: Set<string>,
  ) {
    mkdirSync(path.join(dir, "objects"), { recursive: true });
    mkdirSync(path.join(dir, "tmp"), { recursive: true });
  }

  stat(bucket: string, key: string): ObjectInfo | undefined {
    return this.objects.get(`${bucket}\0${key}`)?.info;
  }

  contentPath(info: ObjectInfo): string {
    return this.objects.get(`${info.bucket}\0${info.key}`)!.file;
  }

  async putFile(bucket: string, key: string, tmpPath: string, opts: PutObjectOptions = {}): Promise<ObjectInfo> {
    if (!this.buckets.has(bucket)) throw noSuchBucket();
    const hash = await etagOfFile(tmpPath);
    const existing = this.stat(bucket, key);
    if (existing && opts.overwrite === false && existing.hash !== hash) throw fileExists();
    const file = path.join(this.dir, "objects", randomBytes(8).toString("hex"));
    await rename(tmpPath, file);
    const info: ObjectInfo = {
      bucket,
      key,
      fsize: (await stat(file)).size,
      hash,
      md5: "",
      mimeType: opts.mimeType ?? "application/octet-stream",
      putTime: Date.now() * 10_000,
      type: 0,
      status: 0,
    };
    this.objects.set(`${bucket}\0${key}`, { info, file });
    return info;
  }

  async putBuffer(bucket: string, key: string, data: Buffer, opts?: PutObjectOptions): Promise<ObjectInfo> {
    const tmp = this.tempPath();
    await writeFile(tmp, data);
    return this.putFile(bucket, key, tmp, opts);
  }

  tempPath(): string {
    return path.join(this.dir, "tmp", randomBytes(8).toString("hex"));
  }

  bucketExists(bucket: string): boolean {
    return this.buckets.has(bucket);
  }

  /** Test helper: store a copy of a local file. */
  async putLocal(bucket: string, key: string, file: string, mimeType?: string): Promise<ObjectInfo> {
    const tmp = this.tempPath();
    await copyFile(file, tmp);
    return this.putFile(bucket, key, tmp, { mimeType });
  }
}

export interface TestContext extends EmulatorContext {
  store: FileStore;
  logs: string[];
  /** Reopens the database (a restart): the old handle is closed. */
  reopen(): TestContext;
  cleanup(): void;
}

export function createTestContext(opts: { buckets?: string[]; allowOutbound?: (url: string) => boolean; dir?: string; store?: FileStore } = {}): TestContext {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), "pfop-test-"));
  const bucketNames = opts.buckets ?? ["media", "out"];
  const store = opts.store ?? new FileStore(dir, new Set(bucketNames));
  const db = new Database(path.join(dir, "emulator.db"));
  db.pragma("journal_mode = WAL");
  const buckets: BucketInfo[] = bucketNames.map((name) => ({ name, region: "z0", private: false, domains: [] }));
  const logs: string[] = [];
  const ctx: TestContext = {
    db,
    dataDir: dir,
    store,
    logs,
    secretFor: (ak) => (ak === AK ? SK : undefined),
    defaultKeys: { accessKey: AK, secretKey: SK },
    listBuckets: () => buckets,
    bucket: (name) => buckets.find((b) => b.name === name),
    endpoints: { up: "", rs: "", rsf: "", api: "", uc: "", io: "", fusion: "" },
    isAllowedOutbound: opts.allowOutbound ?? ((url) => new URL(url).hostname === "127.0.0.1"),
    log: (m) => logs.push(m),
    reopen() {
      if (db.open) db.close();
      return createTestContext({ ...opts, dir, store });
    },
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return ctx;
}

import { createPfopService, type PfopEngine, type PfopOptions, type PrefopStatus } from "@/server/emulator/pfop";

export interface Harness {
  ctx: TestContext;
  engine: PfopEngine;
  /** Waits for the queue to drain and returns the job's prefop status. */
  finished(id: string): Promise<PrefopStatus>;
  close(): Promise<void>;
}

export function startEngine(ctx: TestContext, opts: PfopOptions = {}): Harness {
  const engine = createPfopService(ctx, { notifyAttempts: 1, notifyRetryDelayMs: 10, notifyTimeoutMs: 5_000, ...opts });
  return {
    ctx,
    engine,
    async finished(id) {
      await engine.idle();
      const status = engine.status(id);
      if (!status) throw new Error(`no job ${id}`);
      return status;
    },
    close: () => engine.close(),
  };
}
