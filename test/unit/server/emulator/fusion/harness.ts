// A small real context for the Fusion service: temp dir, real better-sqlite3 database, real HTTP server on loopback.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { signQBox } from "@/lib/qiniu/auth";
import { createFusionService, type FusionOptions, type FusionServiceWithStats } from "@/server/emulator/fusion";
import type { BucketInfo, EmulatorContext, ObjectInfo, ObjectStore, TrafficRecord } from "@/server/emulator/types";

export const AK = "test-ak";
export const SK = "test-sk";
export const PHOTOS = "127.0.0.1:19410";
export const ASSETS = "127.0.0.1:19411";

export interface Harness {
  fusion: FusionServiceWithStats;
  ctx: EmulatorContext;
  base: string;
  /** mutable clock (unix ms) */
  clock: { now: number };
  objects: Set<string>;
  call(path: string, body: unknown, opts?: { auth?: string | null; method?: string }): Promise<{ status: number; body: Record<string, unknown> }>;
  record(r: Partial<TrafficRecord> & { time: number }): void;
  close(): Promise<void>;
}

/** 2024-03-01 12:00:00 Beijing time (a Friday). */
export const NOON = Date.UTC(2024, 2, 1, 4, 0, 0);

export async function startHarness(opts: FusionOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), "fusion-test-"));
  const db = new Database(path.join(dir, "emulator.db"));
  db.pragma("journal_mode = WAL");
  const clock = { now: NOON };
  const objects = new Set<string>();
  const buckets: BucketInfo[] = [
    { name: "photos", region: "z0", private: false, domains: [PHOTOS] },
    { name: "assets", region: "z0", private: false, domains: [ASSETS] },
  ];
  const store: ObjectStore = {
    stat: (bucket, key) => (objects.has(`${bucket}:${key}`) ? ({ bucket, key, fsize: 1 } as ObjectInfo) : undefined),
    contentPath: () => "",
    putFile: () => Promise.reject(new Error("not used")),
    putBuffer: () => Promise.reject(new Error("not used")),
    tempPath: () => path.join(dir, "tmp"),
    bucketExists: (b) => buckets.some((x) => x.name === b),
  };
  const ctx: EmulatorContext = {
    db,
    dataDir: dir,
    store,
    secretFor: (ak) => (ak === AK ? SK : undefined),
    defaultKeys: { accessKey: AK, secretKey: SK },
    listBuckets: () => buckets,
    bucket: (name) => buckets.find((b) => b.name === name),
    endpoints: { up: "", rs: "", rsf: "", api: "", uc: "", io: "", fusion: "" },
    isAllowedOutbound: () => false,
    log: (m) => {
      if (process.env.FUSION_TEST_LOG) console.log(m);
    },
  };
  const fusion = createFusionService(ctx, { now: () => clock.now, env: {}, ...opts });
  const server: Server = createServer((req, res) => {
    void fusion.handle(req, res, new URL(req.url ?? "/", "http://localhost")).then((handled) => {
      if (!handled) {
        res.statusCode = 404;
        res.end("{}");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ctx.endpoints.fusion = base;

  return {
    fusion,
    ctx,
    base,
    clock,
    objects,
    async call(p, body, o = {}) {
      const auth = o.auth === undefined ? signQBox({ accessKey: AK, secretKey: SK }, { path: p }) : o.auth;
      const res = await fetch(base + p, {
        method: o.method ?? "POST",
        headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) },
        body: o.method === "GET" ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    record(r) {
      fusion.recordTraffic({
        domain: PHOTOS,
        bucket: "photos",
        key: "a.jpg",
        url: "/a.jpg",
        method: "GET",
        status: 200,
        bytes: 1000,
        ip: "127.0.0.1",
        ...r,
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await fusion.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
