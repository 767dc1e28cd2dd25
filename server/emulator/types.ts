// Seams between the emulator's parts. The core (server, storage, auth, kodo routes) implements EmulatorContext;
// the pfop engine (server/emulator/pfop/) and the Fusion CDN service (server/emulator/fusion/) plug in through these.
import type { IncomingMessage, ServerResponse } from "node:http";
import type BetterSqlite3 from "better-sqlite3";

export type ServiceName = "up" | "rs" | "rsf" | "api" | "uc" | "io" | "fusion";

export interface ObjectInfo {
  bucket: string;
  key: string;
  fsize: number;
  hash: string;
  md5: string;
  mimeType: string;
  /** 100-nanosecond units since the epoch, as Qiniu reports it. */
  putTime: number;
  type: number;
  status: number;
  endUser?: string;
  meta?: Record<string, string>;
}

export interface PutObjectOptions {
  mimeType?: string;
  /** false: fail with 614 when the key exists (unless same content). */
  overwrite?: boolean;
  endUser?: string;
  meta?: Record<string, string>;
  type?: number;
  deleteAfterDays?: number;
}

export interface ObjectStore {
  stat(bucket: string, key: string): ObjectInfo | undefined;
  /** Absolute path of the object's content on disk (read-only use). */
  contentPath(info: ObjectInfo): string;
  /** Stores the file at `tmpPath` (moved into the store, atomically) as bucket:key. */
  putFile(bucket: string, key: string, tmpPath: string, opts?: PutObjectOptions): Promise<ObjectInfo>;
  putBuffer(bucket: string, key: string, data: Buffer, opts?: PutObjectOptions): Promise<ObjectInfo>;
  /** A fresh temporary file path inside the data directory (same filesystem as the store, so renames are atomic). */
  tempPath(): string;
  bucketExists(bucket: string): boolean;
}

export interface BucketInfo {
  name: string;
  region: string;
  private: boolean;
  /** host:port of the bucket's download domain(s), without scheme. */
  domains: string[];
}

export interface PersistentJobRequest {
  bucket: string;
  key: string;
  /** fop commands joined by ';' (each may end with |saveas/<EncodedEntry>) */
  fops: string;
  notifyURL?: string;
  pipeline?: string;
  force?: boolean;
  type?: number;
  /** "pfop" (API call) or "upload" (persistentOps of a put policy) */
  from: "pfop" | "upload";
}

export interface PfopService {
  /** Queues a job and returns its persistentId. */
  submit(req: PersistentJobRequest): string;
  /**
   * Handles pfop / prefop requests on the api service; returns false when the path is not its own. `checkBucket` throws
   * when the job's bucket may not be served by the listener that received it (another region's bucket).
   */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, checkBucket?: (bucket: string) => void): Promise<boolean>;
  close(): Promise<void>;
}

export interface TrafficRecord {
  /** host[:port] that served it */
  domain: string;
  bucket: string;
  key: string;
  /** the request path and query as received */
  url: string;
  method: string;
  status: number;
  bytes: number;
  /** unix milliseconds */
  time: number;
  ip: string;
  referer?: string;
  userAgent?: string;
  /** true for records made up by --seed (demo history) */
  seeded?: boolean;
  /** time from request to the end of the response, in ms (the access log's response-time field; 0 when unknown) */
  durationMs?: number;
}

export interface FusionService {
  /** Handles /v2/tune/* requests on the fusion service (and log downloads); returns false when the path is not its own. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Called by io for each download, after the response ends. */
  recordTraffic(record: TrafficRecord): void;
  /** Demo history for --seed: 30 days of plausible traffic on the given domains. */
  seedHistory(domains: string[], days: number): void;
  /** CDN timestamp anti-leech key of a domain, when enabled. */
  antiLeechKey(domain: string): string | undefined;
  /** Primary and backup keys of a domain (either signs valid links); [] when anti-leech is off. */
  antiLeechKeys(domain: string): string[];
  close(): Promise<void>;
}

export interface EmulatorContext {
  db: BetterSqlite3.Database;
  dataDir: string;
  store: ObjectStore;
  /** Secret key for an access key, or undefined. */
  secretFor(accessKey: string): string | undefined;
  /** The first (default) key pair. */
  defaultKeys: { accessKey: string; secretKey: string };
  listBuckets(): BucketInfo[];
  bucket(name: string): BucketInfo | undefined;
  /** Base URLs of the services, e.g. { up: "http://127.0.0.1:9400", ... } */
  endpoints: Record<ServiceName, string>;
  /** May the emulator POST to this URL (notify URLs)? Checked on the resolved addresses (outbound.ts). */
  isAllowedOutbound(url: string): boolean | Promise<boolean>;
  log(message: string): void;
}
