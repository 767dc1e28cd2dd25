// What route handlers see: the running emulator (Core) and one request (RequestCtx).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KeyRing } from "./auth";
import type { BucketRegistry } from "./buckets";
import type { Db } from "./db";
import type { EmulatorOptions } from "./options";
import type { OutboundPolicy } from "./outbound";
import type { PfopEngine } from "./pfop/index";
import type { RegionEndpoints, ServedRegion } from "./regions";
import type { ResumableState } from "./resumable";
import type { Store } from "./store";
import type { BucketInfo, EmulatorContext, FusionService, ServiceName } from "./types";
import type { UrlFops, UrlFopStats } from "./url-fops";

export interface ReadyInfo {
  ready: true;
  endpoints: Record<ServiceName, string>;
  accessKey: string;
  buckets: Record<string, { domain: string; private: boolean }>;
  /** Each served region's own listeners (`endpoints` holds z0's, plus the shared uc and fusion). */
  regions: Record<ServedRegion, RegionEndpoints>;
  urlFops?: UrlFopStats;
}

export interface Core {
  options: EmulatorOptions;
  ctx: EmulatorContext;
  /** What fetch/mirror and callbacks may reach (outbound.ts). */
  outbound: { fetch: OutboundPolicy; callbacks: OutboundPolicy };
  db: Db;
  store: Store;
  buckets: BucketRegistry;
  keys: KeyRing;
  resumable: ResumableState;
  pfop: PfopEngine;
  /** URL-triggered fops on downloads and their output cache. */
  urlFops: UrlFops;
  fusion: FusionService;
  /** The up service's primary and backup addresses (the region query lists both, so SDKs can fail over). */
  upEndpoints: string[];
  /** Listeners of each served region (regions.ts). */
  regions: Record<ServedRegion, RegionEndpoints>;
  /** Length of a lifecycle day in ms (EMULATOR_DAY_SECONDS). */
  dayMs: number;
  now(): number;
  log(message: string): void;
  info(): ReadyInfo;
  /** Creates a bucket and starts serving its download domain. */
  createBucket(name: string, region: string, isPrivate: boolean): Promise<BucketInfo>;
  dropBucket(name: string): Promise<void>;
}

export interface RequestCtx {
  core: Core;
  req: IncomingMessage;
  res: ServerResponse;
  /** The service whose port received the request; "domain" for a bucket's download domain. */
  service: ServiceName | "domain";
  /** For "domain": the bucket it serves. */
  bucket?: string;
  /** The region of a regional listener (up, rs, rsf, api, io); undefined on the shared uc, fusion and domain ports. */
  region?: ServedRegion;
  /** Request target exactly as received (`/path?query`). */
  rawTarget: string;
  /** Path part of rawTarget (still percent-encoded). */
  rawPath: string;
  /** Query part of rawTarget without '?' ('' when none). */
  rawQuery: string;
  query: URLSearchParams;
  /** Raw path segments (percent-encoded, empty ones dropped). */
  segs: string[];
  url: URL;
  reqId: string;
  method: string;
}

/** A route handler: returns false when the request is not its own. */
export type Handler = (rc: RequestCtx) => Promise<boolean>;
