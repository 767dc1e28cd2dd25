// Resumable upload v2 (docs/qiniu-protocol.md §7.3) written for the browser: each part is sent as a slice of the File
// itself (XMLHttpRequest with a Blob body), so the page never reads the bytes into JavaScript. qiniu-js reads every
// part into memory and MD5s it in JavaScript first; on our 2-core machines that made it the slowest link
// (bench/upload shows both side by side). Integrity is checked end to end instead: the queue compares the stored
// object's hash with the local etag computed in Web Workers.
//
// Resuming: the upload id is remembered in localStorage (resume-store.ts); on the next start the parts the storage
// service already holds are listed from it and only the missing ones are sent.
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { decodeUploadToken } from "@/lib/qiniu/policy";
import { forgetParts, readParts, writeParts, type PartsRecord } from "./resume-store";
import type { Transfer, TransferError, TransferHandlers, TransferRequest } from "./transfer";
import type { TransportConfig } from "./types";

/** Retries of one request after a network failure or a 5xx answer (qiniu-js's retryCount is 3 too). */
const RETRIES = 3;
const RETRY_DELAY_MS = 1000;
/** A remembered upload this close to its expiry is started afresh instead. */
const EXPIRY_MARGIN_MS = 3600 * 1000;

interface Reply {
  status: number;
  body: unknown;
  reqId?: string;
}

interface Request {
  promise: Promise<Reply>;
  abort(): void;
}

function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: XMLHttpRequestBodyInit | null,
  onProgress?: (loaded: number) => void,
): Request {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Reply>((resolve) => {
    xhr.open(method, url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded);
    const settle = () => {
      let parsed: unknown = undefined;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        parsed = xhr.responseText;
      }
      resolve({ status: xhr.status, body: parsed, reqId: xhr.getResponseHeader("X-Reqid") ?? undefined });
    };
    xhr.onload = settle;
    // Network failures and aborts: status 0.
    xhr.onerror = () => resolve({ status: 0, body: undefined });
    xhr.onabort = () => resolve({ status: 0, body: undefined });
    xhr.send(body);
  });
  return { promise, abort: () => xhr.abort() };
}

/** A failed reply as the queue sees it: the service's own `error` text, else a description of the status. */
export function replyError(r: Reply, what: string): TransferError {
  const text = r.body && typeof r.body === "object" && "error" in r.body ? String((r.body as { error: unknown }).error) : undefined;
  const message = text ?? (r.status === 0 ? `${what}: network error` : `${what}: HTTP ${r.status}`);
  return { code: r.status, message, reqId: r.reqId || undefined };
}

/**
 * Worth sending again: the network failed or the service had a transient problem (5xx). Not 579 (stored, but the
 * callback failed) and not Qiniu's 6xx/7xx codes (612 no such upload, 614 exists, 701 …): those are final.
 */
export function retryable(status: number): boolean {
  return status === 0 || (status >= 500 && status < 600 && status !== 579);
}

class TransferFailed extends Error {
  constructor(readonly error: TransferError) {
    super(error.message);
  }
}

export interface MultipartOptions {
  /** Part size in bytes (partSizeFor: the local etag check needs the same layout). */
  partSize: number;
  /** Waits between retries (tests shorten it). */
  retryDelayMs?: number;
}

export function startMultipart(req: TransferRequest, config: TransportConfig, handlers: TransferHandlers, opts: MultipartOptions): Transfer {
  const { file, key, token } = req;
  const { partSize } = opts;
  const bucket = decodeUploadToken(token).policy.scope.split(":")[0];
  // The region's up hosts, primary first. A retry goes to the next one (as Qiniu's SDKs switch hosts); the upload's
  // later requests stay on the host that answered, since parts and upload ids are shared across a region's hosts.
  const hosts = [...new Set([config.uphost, ...(config.backups ?? [])])];
  let current = 0;
  const path = `/buckets/${encodeURIComponent(bucket)}/objects/${urlsafeBase64Encode(key)}/uploads`;
  const urlOf = (host: number, rest = "") => `${config.upprotocol}://${hosts[host]}${path}${rest}`;
  const auth = { Authorization: `UpToken ${token}` };
  const count = Math.max(1, Math.ceil(file.size / partSize));
  const sizeOf = (n: number) => Math.min(partSize, file.size - (n - 1) * partSize);
  const recordId = { name: file.name, key, size: file.size };

  const inflight = new Set<Request>();
  const etags = new Map<number, string>();
  const sending = new Map<number, number>();
  let stopped = false;
  let uploadId: string | undefined;
  let expireAt = 0;
  let stored = 0;
  let resumed = 0;

  const call = (method: string, url: string, body: XMLHttpRequestBodyInit | null, headers: Record<string, string>, onProgress?: (n: number) => void) => {
    const r = send(method, url, { ...auth, ...headers }, body, onProgress);
    inflight.add(r);
    return r.promise.finally(() => inflight.delete(r));
  };

  /** One request to `path + rest`, sent again (to the next host) after a network failure or a 5xx answer. */
  async function request(
    method: string,
    rest: string,
    body: XMLHttpRequestBodyInit | null,
    more: { headers?: Record<string, string>; onProgress?: (n: number) => void; onRetry?: () => void } = {},
  ): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const used = current;
      const r = await call(method, urlOf(used, rest), body, more.headers ?? {}, more.onProgress);
      if (stopped || !retryable(r.status) || attempt >= RETRIES) return r;
      // Parts in flight fail together: only the first of them moves the upload on, the others follow it.
      if (current === used) current = (used + 1) % hosts.length;
      more.onRetry?.();
      await new Promise((resolve) => setTimeout(resolve, (opts.retryDelayMs ?? RETRY_DELAY_MS) * (attempt + 1)));
      if (stopped) return r;
    }
  }

  const progress = () => {
    let loaded = stored;
    for (const n of sending.values()) loaded += n;
    handlers.onProgress(Math.min(loaded, file.size), resumed);
  };

  const remember = () => {
    if (!uploadId) return;
    const record: PartsRecord = { uploadId, partSize, expireAt, parts: [...etags.keys()], bytes: stored };
    writeParts(recordId, record);
  };

  /** The remembered upload's parts that the service still holds (with the size this file's layout expects). */
  async function reuse(record: PartsRecord): Promise<boolean> {
    if (record.partSize !== partSize || record.expireAt - Date.now() < EXPIRY_MARGIN_MS) return false;
    const found = new Map<number, string>();
    for (let marker = 0; ;) {
      const r = await request("GET", `/${encodeURIComponent(record.uploadId)}?max-parts=1000&part-number-marker=${marker}`, null);
      if (stopped) return false;
      // 612: the upload is gone (completed, aborted or expired): start afresh.
      if (r.status === 612 || r.status === 404) return false;
      if (r.status !== 200) throw new TransferFailed(replyError(r, "listing uploaded parts"));
      const page = r.body as { parts?: { partNumber: number; etag: string; size: number }[]; partNumberMarker?: number };
      for (const p of page.parts ?? []) if (p.partNumber >= 1 && p.partNumber <= count && p.size === sizeOf(p.partNumber)) found.set(p.partNumber, p.etag);
      if (!page.partNumberMarker) break;
      marker = page.partNumberMarker;
    }
    uploadId = record.uploadId;
    expireAt = record.expireAt;
    for (const [n, etag] of found) {
      etags.set(n, etag);
      stored += sizeOf(n);
    }
    resumed = stored;
    return true;
  }

  async function init(): Promise<void> {
    const r = await request("POST", "", null);
    if (stopped) return;
    if (r.status !== 200) throw new TransferFailed(replyError(r, "starting the upload"));
    const body = r.body as { uploadId: string; expireAt: number };
    uploadId = body.uploadId;
    expireAt = body.expireAt * 1000;
  }

  async function sendPart(n: number): Promise<void> {
    const blob = file.slice((n - 1) * partSize, (n - 1) * partSize + sizeOf(n));
    sending.set(n, 0);
    const r = await request("PUT", `/${encodeURIComponent(uploadId!)}/${n}`, blob, {
      headers: { "Content-Type": "application/octet-stream" },
      onProgress: (loaded) => {
        sending.set(n, loaded);
        progress();
      },
      onRetry: () => {
        sending.delete(n);
        progress();
      },
    });
    sending.delete(n);
    if (stopped) return;
    const etag = r.status === 200 ? (r.body as { etag?: unknown })?.etag : undefined;
    if (typeof etag !== "string") {
      if (r.status === 612) forgetParts(recordId);
      throw new TransferFailed(replyError(r, `part ${n}`));
    }
    etags.set(n, etag);
    stored += sizeOf(n);
    remember();
    progress();
  }

  async function run(): Promise<void> {
    const record = readParts(recordId);
    const reused = record ? await reuse(record) : false;
    if (stopped) return;
    if (!reused) await init();
    if (stopped) return;
    remember();
    progress();
    const pending: number[] = [];
    for (let n = 1; n <= count; n++) if (!etags.has(n)) pending.push(n);
    const worker = async () => {
      for (let n = pending.shift(); n !== undefined && !stopped; n = pending.shift()) await sendPart(n);
    };
    await Promise.all(Array.from({ length: Math.max(1, config.partConcurrency) }, worker));
    if (stopped) return;
    const parts = [...etags].sort((a, b) => a[0] - b[0]).map(([partNumber, etag]) => ({ partNumber, etag }));
    const body = JSON.stringify({
      parts,
      fname: file.name,
      mimeType: req.mimeType,
      customVars: req.customVars,
      ...(req.metadata ? { metadata: req.metadata } : {}),
    });
    const r = await request("POST", `/${encodeURIComponent(uploadId!)}`, body, { headers: { "Content-Type": "application/json" } });
    if (stopped) return;
    if (r.status !== 200) {
      // The upload no longer exists: nothing to resume from.
      if (r.status === 612) forgetParts(recordId);
      throw new TransferFailed(replyError(r, "completing the upload"));
    }
    forgetParts(recordId);
    handlers.onComplete(r.body);
  }

  const stop = () => {
    stopped = true;
    for (const r of inflight) r.abort();
  };

  run().catch((err: unknown) => {
    if (stopped) return;
    stop();
    handlers.onError(err instanceof TransferFailed ? err.error : { code: -1, message: err instanceof Error ? err.message : String(err) });
  });

  return {
    stop,
    async abort() {
      stop();
      forgetParts(recordId);
      if (uploadId) await send("DELETE", urlOf(current, `/${encodeURIComponent(uploadId)}`), auth, null).promise.catch(() => undefined);
    },
  };
}
