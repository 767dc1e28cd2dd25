// Assembles the emulator: database, store, services on consecutive ports, per-bucket download domains, the pfop and
// Fusion plug-ins, and the background sweep. main.ts runs it as a program; tests use it through that program.
import { mkdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { BucketRegistry, type BucketRow } from "./buckets";
import type { Core, ReadyInfo } from "./core";
import { openDatabase } from "./db";
import { dispatch } from "./dispatch";
import { createFusionService } from "./fusion/index";
import { answerUnparsableRequest, badRequest, QiniuHttpError } from "./http";
import type { EmulatorOptions } from "./options";
import { checkOutbound, isLoopbackHost, type OutboundPolicy } from "./outbound";
import { createPfopService } from "./pfop/index";
import { REGION_PORT_BLOCK, SERVED_REGIONS, type RegionEndpoints, type ServedRegion } from "./regions";
import { ResumableState } from "./resumable";
import { Store } from "./store";
import { startSweeper } from "./sweeper";
import type { BucketInfo, EmulatorContext, ServiceName } from "./types";
import { UrlFops } from "./url-fops";

export const SERVICES: ServiceName[] = ["up", "rs", "rsf", "api", "uc", "io", "fusion"];
/** Port offsets from EMULATOR_PORT (README). Bucket domains start at +10. */
export const SERVICE_OFFSETS: Record<ServiceName, number> = { up: 0, rs: 1, rsf: 2, api: 3, uc: 4, io: 5, fusion: 6 };
export const DOMAIN_OFFSET = 10;
/** The up service's second (backup) listener: region queries list it after the first one. */
export const UP_BACKUP_OFFSET = 7;

export interface RunningEmulator {
  core: Core;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Host for URLs: a wildcard listen address is reached through loopback. */
function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(options.dataDir);
  const now = () => Date.now();
  const dayMs = options.daySeconds * 1000;
  const store = new Store(db, options.dataDir, { dayMs, now });
  const resumable = new ResumableState(db, options.dataDir);
  const swept = store.sweepOrphans();
  const sweptUploads = resumable.sweepOrphans();
  const log = (message: string) => {
    if (!options.quiet) process.stderr.write(`[emulator] ${message}\n`);
  };
  if (swept.tmp + swept.blobs + sweptUploads > 0) {
    log(`start-up sweep removed ${swept.tmp} temp files, ${swept.blobs} unreferenced blobs, ${sweptUploads} stale upload files`);
  }

  const publicHost = urlHost(options.host);
  const buckets = new BucketRegistry(db, publicHost);
  const keyMap = new Map(options.keys.map((k) => [k.accessKey, k.secretKey]));
  const endpoints = {} as Record<ServiceName, string>;
  const outbound: Core["outbound"] = {
    fetch: { allowLoopback: options.allowLoopbackFetch, allowlist: options.fetchAllowlist },
    // Callbacks go to the app that uploads, which sits next to an emulator on loopback (the console under npm start).
    callbacks: { allowLoopback: options.allowLoopbackCallbacks || isLoopbackHost(options.host), allowlist: options.fetchAllowlist },
  };
  const reachable = (policy: OutboundPolicy, url: string) =>
    checkOutbound(policy, url).then(
      () => true,
      () => false,
    );
  const ctx: EmulatorContext = {
    db,
    dataDir: options.dataDir,
    store,
    secretFor: (ak) => keyMap.get(ak),
    defaultKeys: options.keys[0],
    listBuckets: () => buckets.list(),
    bucket: (name) => buckets.get(name),
    endpoints,
    isAllowedOutbound: (url) => reachable(outbound.callbacks, url),
    log,
  };

  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const servers: http.Server[] = [];
  const domainServers = new Map<string, http.Server>();

  const core = {
    options,
    ctx,
    outbound,
    db,
    store,
    buckets,
    keys: { secretFor: (ak: string) => keyMap.get(ak) },
    resumable,
    dayMs,
    now,
    log,
  } as Partial<Core> as Core;

  const serve = (service: ServiceName | "domain", bucket?: string, region?: ServedRegion) => {
    const server = http.createServer(async (req, res) => {
      await ready;
      await dispatch(core, { service, bucket, region }, req, res);
    });
    // Node's default 300 s limit for a whole request would cut off multi-GiB uploads on slow links.
    server.requestTimeout = 0;
    server.on("clientError", (err, socket) => answerUnparsableRequest(err, socket));
    return server;
  };

  /** Listens for `service` (fixed-port mode: first port + offset); on failure closes everything opened so far. */
  async function listenService(service: ServiceName, offset: number, label: string, region?: ServedRegion): Promise<string> {
    const server = serve(service, undefined, region);
    const port = options.port === 0 ? 0 : options.port + offset;
    try {
      const bound = await listen(server, port, options.host);
      servers.push(server);
      return `http://${publicHost}:${bound}`;
    } catch (err) {
      await Promise.all(servers.map(closeServer));
      db.close();
      throw new Error(`cannot listen on ${options.host}:${port} for ${label} (${(err as Error).message}); set EMULATOR_PORT to a free range`);
    }
  }
  // z0's block also holds the shared uc and fusion; each other region gets its own up (+ backup), rs, rsf, api and io.
  core.regions = {} as Record<ServedRegion, RegionEndpoints>;
  for (const region of SERVED_REGIONS) {
    const base = REGION_PORT_BLOCK[region];
    const own = (s: ServiceName) => listenService(s, base + SERVICE_OFFSETS[s], `${region} ${s}`, s === "uc" || s === "fusion" ? undefined : region);
    if (region === "z0") for (const service of SERVICES) endpoints[service] = await own(service);
    const ep =
      region === "z0"
        ? endpoints
        : ({ up: await own("up"), rs: await own("rs"), rsf: await own("rsf"), api: await own("api"), io: await own("io") } as Record<ServiceName, string>);
    const backup = await listenService("up", base + UP_BACKUP_OFFSET, `the ${region} backup up service`, region);
    core.regions[region] = { up: [ep.up, backup], rs: ep.rs, rsf: ep.rsf, api: ep.api, io: ep.io };
  }
  core.upEndpoints = core.regions.z0.up;

  async function listenDomain(row: BucketRow, moveOnConflict: boolean): Promise<void> {
    let slot = row.slot;
    for (let attempt = 0; ; attempt++) {
      const server = serve("domain", row.name);
      const port = options.port === 0 ? 0 : options.port + DOMAIN_OFFSET + slot;
      try {
        buckets.ports.set(row.name, await listen(server, port, options.host));
        domainServers.set(row.name, server);
        if (slot !== row.slot) buckets.moveSlot(row.name, slot);
        return;
      } catch (err) {
        if (!moveOnConflict || attempt >= 50 || (err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
        const used = new Set(buckets.rows().map((r) => r.slot));
        do slot++;
        while (used.has(slot));
      }
    }
  }

  core.createBucket = async (name: string, region: string, isPrivate: boolean): Promise<BucketInfo> => {
    const row = buckets.insert(name, region, isPrivate);
    try {
      await listenDomain(row, true);
    } catch (err) {
      buckets.remove(name);
      throw new QiniuHttpError(599, `cannot serve the bucket domain: ${(err as Error).message}`);
    }
    log(`bucket ${name} created (${buckets.domainOf(name)})`);
    return buckets.get(name)!;
  };
  core.dropBucket = async (name: string) => {
    if (!buckets.isEmpty(name)) throw badRequest("the bucket is not empty");
    buckets.remove(name);
    const server = domainServers.get(name);
    domainServers.delete(name);
    if (server) await closeServer(server);
  };
  core.info = (): ReadyInfo => ({
    ready: true,
    // URL-triggered processing right now (tests wait on these; also a hint when thumbnails are slow)
    urlFops: core.urlFops?.stats(),
    endpoints: { ...endpoints },
    regions: core.regions,
    accessKey: options.keys[0].accessKey,
    buckets: Object.fromEntries(buckets.list().map((b) => [b.name, { domain: b.domains[0] ? `http://${b.domains[0]}` : "", private: b.private }])),
  });

  core.pfop = createPfopService(ctx);
  core.urlFops = new UrlFops(db, options.dataDir, {
    engine: core.pfop,
    maxBytes: options.fopCacheBytes,
    timeBudgetMs: options.fopTimeoutMs,
    tempPath: () => store.tempPath(),
    now,
    log,
  });
  core.fusion = createFusionService(ctx, {});
  for (const row of buckets.rows()) await listenDomain(row, true);
  const sweeper = startSweeper(core);
  markReady();

  return {
    core,
    async close() {
      sweeper.stop();
      await Promise.all([...servers, ...domainServers.values()].map(closeServer));
      await core.pfop.close();
      await core.fusion.close();
      db.close();
    },
  };
}
