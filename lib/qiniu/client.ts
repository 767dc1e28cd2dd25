import "server-only";
// Typed Qiniu API client for what the console uses (docs/qiniu-protocol.md §8–§10). One transport (http.ts)
// signs, times out, retries safe calls and maps errors; this file only knows the APIs.
import { urlsafeBase64Encode } from "./base64";
import * as cdn from "./cdn";
import type {
  BatchItemResult,
  CdnLogListOptions,
  CdnStatsOptions,
  CdnTaskListOptions,
  FetchResult,
  ListOptions,
  ListPage,
  ObjectStat,
  PfopOptions,
  PrefopResult,
} from "./client-types";
import { decodeEntry, encodedEntry } from "./entry";
import { QiniuError, QiniuInputError, codeForStatus, errorTextOf } from "./errors";
import { QiniuTransport, type QiniuRequest, type TransportOptions } from "./http";
import * as ops from "./ops";
import { RegionResolver, type BucketRegion } from "./region-resolver";
import type { RegionId } from "./regions";

export interface QiniuClientOptions extends TransportOptions {
  /**
   * Send each bucket's calls to its own region's hosts, found by the uc region query and cached (region-resolver.ts).
   * Off: everything goes to `hosts`.
   */
  resolveRegions?: boolean;
  /** How long a failed region lookup falls back to `hosts`, default 60 s. */
  regionFailureTtlMs?: number;
}

/** Qiniu's limit on ops per batch request. */
export const MAX_BATCH_OPS = 1000;

export interface CallOptions {
  signal?: AbortSignal;
}

export class QiniuClient {
  readonly transport: QiniuTransport;

  constructor(opts: QiniuClientOptions) {
    this.transport = new QiniuTransport(opts);
    if (opts.resolveRegions) {
      this.transport.regions = new RegionResolver({
        fallback: opts.hosts,
        now: opts.now,
        failureTtlMs: opts.regionFailureTtlMs,
        // No signature: the query is public (the SDKs send none either).
        query: async (bucket, signal) =>
          (
            await this.transport.request({
              service: "uc",
              method: "GET",
              path: "/v4/query",
              query: { ak: opts.accessKey, bucket },
              auth: "none",
              idempotent: true,
              signal,
            })
          ).body,
      });
    }
  }

  /** The bucket's region and hosts (cached); the configured hosts when regions are not resolved. */
  async bucketRegion(bucket: string, opts?: CallOptions): Promise<BucketRegion> {
    const r = this.transport.regions;
    if (r) return r.resolve(bucket, { signal: opts?.signal });
    const h = this.transport.hosts;
    return { hosts: { up: [h.up], io: [h.io], rs: [h.rs], rsf: [h.rsf], api: [h.api] } };
  }

  private async call<T>(req: Omit<QiniuRequest, "auth"> & { auth?: QiniuRequest["auth"] }): Promise<T> {
    const res = await this.transport.request({ auth: "qiniu", ...req });
    return res.body as T;
  }

  private rsOp(op: string, idempotent: boolean, opts?: CallOptions): Promise<void> {
    return this.call<void>({ service: "rs", method: "POST", path: op, bucket: bucketOfOp(op), idempotent, signal: opts?.signal });
  }

  // ---- buckets (uc) ----

  async listBuckets(opts?: CallOptions): Promise<string[]> {
    const body = await this.call<string[] | null>({ service: "uc", method: "POST", path: "/buckets", idempotent: true, signal: opts?.signal });
    return body ?? [];
  }

  /** Download domains bound to a bucket (host[:port], without scheme). */
  async bucketDomains(bucket: string, opts?: CallOptions): Promise<string[]> {
    const body = await this.call<string[] | null>({
      service: "uc",
      method: "POST",
      path: "/v2/domains",
      query: { tbl: bucket },
      idempotent: true,
      signal: opts?.signal,
    });
    return body ?? [];
  }

  async bucketInfo(bucket: string, opts?: CallOptions): Promise<Record<string, unknown>> {
    const body = await this.call<Record<string, unknown> | null>({
      service: "uc",
      method: "POST",
      path: "/v2/bucketInfo",
      query: { bucket },
      idempotent: true,
      signal: opts?.signal,
    });
    return body ?? {};
  }

  async mkbucket(name: string, region: RegionId | string, opts?: CallOptions): Promise<void> {
    await this.call({
      service: "uc",
      method: "POST",
      path: `/mkbucketv3/${encodeURIComponent(name)}/region/${encodeURIComponent(region)}`,
      idempotent: false,
      signal: opts?.signal,
    });
    // A lookup made before the bucket existed fell back to the configured hosts; look again on first use.
    this.transport.regions?.forget(name);
  }

  async setBucketPrivate(bucket: string, isPrivate: boolean, opts?: CallOptions): Promise<void> {
    await this.call({ service: "uc", method: "POST", path: "/private", query: { bucket, private: isPrivate ? 1 : 0 }, idempotent: true, signal: opts?.signal });
  }

  // ---- objects (rs, rsf, io) ----

  stat(bucket: string, key: string, opts?: CallOptions): Promise<ObjectStat> {
    return this.call<ObjectStat>({ service: "rs", method: "GET", path: ops.statOp(bucket, key), bucket, idempotent: true, signal: opts?.signal });
  }

  async list(o: ListOptions, opts?: CallOptions): Promise<ListPage> {
    if (o.limit !== undefined && (!Number.isInteger(o.limit) || o.limit < 1 || o.limit > 1000)) throw new QiniuInputError("limit must be 1–1000", "limit");
    const body = await this.call<{ items?: ListPage["items"]; commonPrefixes?: string[]; marker?: string } | null>({
      service: "rsf",
      method: "GET",
      path: "/list",
      bucket: o.bucket,
      query: { bucket: o.bucket, prefix: o.prefix || undefined, delimiter: o.delimiter || undefined, marker: o.marker || undefined, limit: o.limit },
      idempotent: true,
      signal: opts?.signal,
    });
    return { items: body?.items ?? [], commonPrefixes: body?.commonPrefixes ?? [], marker: body?.marker || undefined };
  }

  /** Every page, following markers until the end (pages may be empty while a marker remains). */
  async *listAll(o: Omit<ListOptions, "marker"> & { marker?: string }, opts?: CallOptions): AsyncGenerator<ListPage, void, undefined> {
    let marker = o.marker;
    do {
      const page = await this.list({ ...o, marker }, opts);
      yield page;
      marker = page.marker;
    } while (marker);
  }

  copy(src: ops.ObjectRef, dst: ops.ObjectRef, force = false, opts?: CallOptions): Promise<void> {
    return this.rsOp(ops.copyOp(src, dst, force), false, opts);
  }

  move(src: ops.ObjectRef, dst: ops.ObjectRef, force = false, opts?: CallOptions): Promise<void> {
    return this.rsOp(ops.moveOp(src, dst, force), false, opts);
  }

  delete(bucket: string, key: string, opts?: CallOptions): Promise<void> {
    return this.rsOp(ops.deleteOp(bucket, key), false, opts);
  }

  chgm(bucket: string, key: string, mime?: string, meta?: Record<string, string>, opts?: CallOptions): Promise<void> {
    return this.rsOp(ops.chgmOp(bucket, key, mime, meta), true, opts);
  }

  chtype(bucket: string, key: string, type: ops.StorageType, opts?: CallOptions): Promise<void> {
    return this.rsOp(ops.chtypeOp(bucket, key, type), true, opts);
  }

  chstatus(bucket: string, key: string, status: ops.ObjectStatus, opts?: CallOptions): Promise<void> {
    return this.rsOp(ops.chstatusOp(bucket, key, status), true, opts);
  }

  deleteAfterDays(bucket: string, key: string, days: number, opts?: CallOptions): Promise<void> {
    return this.rsOp(ops.deleteAfterDaysOp(bucket, key, days), true, opts);
  }

  restoreAr(bucket: string, key: string, days: number, opts?: CallOptions): Promise<void> {
    return this.rsOp(ops.restoreArOp(bucket, key, days), false, opts);
  }

  /** Fetch a remote URL into bucket:key (io). */
  fetch(url: string, bucket: string, key: string, opts?: CallOptions): Promise<FetchResult> {
    return this.call<FetchResult>({
      service: "io",
      method: "POST",
      path: `/fetch/${urlsafeBase64Encode(url)}/to/${encodedEntry(bucket, key)}`,
      bucket,
      idempotent: false,
      signal: opts?.signal,
    });
  }

  /** Pull bucket:key from the mirror source (io). */
  async prefetch(bucket: string, key: string, opts?: CallOptions): Promise<void> {
    await this.call({ service: "io", method: "POST", path: `/prefetch/${encodedEntry(bucket, key)}`, bucket, idempotent: false, signal: opts?.signal });
  }

  /**
   * Runs ops (see ops.ts) in requests of at most 1000 and returns one result per op, in order.
   * Failed items (HTTP 298) are results, not exceptions; a request-level failure throws. The request goes to the region of
   * `opts.bucket`, else of the first op's bucket (a batch is about one bucket, or buckets of one region).
   */
  async batch<T = unknown>(opList: readonly string[], opts?: CallOptions & { bucket?: string }): Promise<BatchItemResult<T>[]> {
    const out: BatchItemResult<T>[] = [];
    for await (const chunk of this.batchChunks<T>(opList, opts)) out.push(...chunk.results);
    return out;
  }

  /** Like batch, one chunk at a time (for progress reporting). `offset` is the index of the chunk's first op. */
  async *batchChunks<T = unknown>(
    opList: readonly string[],
    opts?: CallOptions & { chunkSize?: number; bucket?: string },
  ): AsyncGenerator<{ offset: number; results: BatchItemResult<T>[] }> {
    const size = Math.min(opts?.chunkSize ?? MAX_BATCH_OPS, MAX_BATCH_OPS);
    for (let offset = 0; offset < opList.length; offset += size) {
      const chunk = opList.slice(offset, offset + size);
      const res = await this.transport.request({
        service: "rs",
        method: "POST",
        path: "/batch",
        bucket: opts?.bucket ?? bucketOfOp(chunk[0]),
        body: chunk.map((op) => `op=${encodeURIComponent(op)}`).join("&"),
        auth: "qiniu",
        idempotent: false,
        // 298: some items failed. Any status whose body is the per-item array is still a per-item answer.
        acceptStatus: (status, body) => status === 298 || (Array.isArray(body) && body.length === chunk.length),
        signal: opts?.signal,
      });
      if (!Array.isArray(res.body) || res.body.length !== chunk.length) {
        throw new QiniuError({
          status: res.status,
          code: "bad_response",
          reqId: res.reqId,
          body: res.body,
          message: `batch answered ${Array.isArray(res.body) ? res.body.length : "no"} results for ${chunk.length} ops`,
        });
      }
      yield { offset, results: (res.body as unknown[]).map((item) => batchItem<T>(item)) };
    }
  }

  // ---- data processing (api) ----

  async pfop(o: PfopOptions, opts?: CallOptions): Promise<{ persistentId: string }> {
    const fops = Array.isArray(o.fops) ? ops.joinFops(o.fops) : o.fops;
    if (!fops && !o.workflowTemplateID) throw new QiniuInputError("Give fops or a workflow template", "fops");
    const form = new URLSearchParams();
    form.set("bucket", o.bucket);
    form.set("key", o.key);
    if (fops) form.set("fops", fops);
    if (o.notifyURL) form.set("notifyURL", o.notifyURL);
    if (o.pipeline) form.set("pipeline", o.pipeline);
    if (o.force) form.set("force", "1");
    if (o.type !== undefined) form.set("type", String(o.type));
    if (o.workflowTemplateID) form.set("workflowTemplateID", o.workflowTemplateID);
    return this.call<{ persistentId: string }>({
      service: "api",
      method: "POST",
      path: "/pfop/",
      body: formBody(form),
      bucket: o.bucket,
      auth: "qbox",
      idempotent: false,
      signal: opts?.signal,
    });
  }

  prefop(persistentId: string, opts?: CallOptions): Promise<PrefopResult> {
    return this.call<PrefopResult>({
      service: "api",
      method: "GET",
      path: "/status/get/prefop",
      query: { id: persistentId },
      auth: "qbox",
      idempotent: true,
      signal: opts?.signal,
    });
  }

  // ---- CDN (fusion) ----

  cdnRefresh(o: { urls?: string[]; dirs?: string[] }, opts?: CallOptions) {
    return cdn.cdnRefresh(this.transport, o, opts?.signal);
  }

  cdnPrefetch(urls: string[], opts?: CallOptions) {
    return cdn.cdnPrefetch(this.transport, urls, opts?.signal);
  }

  cdnRefreshList(o: CdnTaskListOptions = {}, opts?: CallOptions) {
    return cdn.cdnTaskList(this.transport, "refresh", o, opts?.signal);
  }

  cdnPrefetchList(o: CdnTaskListOptions = {}, opts?: CallOptions) {
    return cdn.cdnTaskList(this.transport, "prefetch", o, opts?.signal);
  }

  cdnFlux(o: CdnStatsOptions, opts?: CallOptions) {
    return cdn.cdnStats(this.transport, "flux", o, opts?.signal);
  }

  cdnBandwidth(o: CdnStatsOptions, opts?: CallOptions) {
    return cdn.cdnStats(this.transport, "bandwidth", o, opts?.signal);
  }

  cdnLogList(o: CdnLogListOptions, opts?: CallOptions) {
    return cdn.cdnLogList(this.transport, o, opts?.signal);
  }
}

/** The bucket an rs op (`/stat/<EncodedEntry>…`, ops.ts) is about, or undefined when it names none. */
export function bucketOfOp(op: string | undefined): string | undefined {
  const seg = op?.split("/").filter(Boolean)[1];
  if (!seg) return undefined;
  try {
    return decodeEntry(decodeURIComponent(seg)).bucket || undefined;
  } catch {
    return undefined;
  }
}

/** URLSearchParams writes spaces as '+'; Qiniu's SDKs send %20. Both decode the same; keep the SDK form. */
function formBody(form: URLSearchParams): string {
  return [...form.entries()].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

function batchItem<T>(item: unknown): BatchItemResult<T> {
  const o = (item && typeof item === "object" ? item : {}) as { code?: unknown; data?: unknown };
  const code = typeof o.code === "number" ? o.code : 0;
  if (code === 200) return o.data === undefined || o.data === null ? { code } : { code, data: o.data as T };
  return { code, error: errorTextOf(o.data) ?? `operation failed (${code})`, errorCode: codeForStatus(code) };
}
