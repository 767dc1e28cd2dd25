// One file's transfer through the official browser SDK qiniu-js 3.4 (qiniu-protocol.md §11.4): it picks form upload
// up to 4 MiB and resumable v2 with parallel parts above, and resumes v2 uploads from its localStorage part list.
import { qiniuJsCacheKey } from "./resume-store";
import type { TransportConfig } from "./types";

/** qiniu-js switches to resumable (v2 multipart) above this size. */
export const RESUMABLE_THRESHOLD = 4 * 1024 * 1024;

export function isResumable(size: number): boolean {
  return size > RESUMABLE_THRESHOLD;
}

/** The part size qiniu-js will use: chunkSize MiB, doubled until there are at most 10000 parts (utils.getChunks). */
export function partSizeFor(size: number, chunkSizeMb: number): number {
  let part = chunkSizeMb * 1024 * 1024;
  if (part > size) return size;
  while (size > part * 10000) part *= 2;
  return part;
}

export interface TransferError {
  /** HTTP status; 0 = network failure; -1 = the SDK refused before sending. */
  code: number;
  message: string;
  reqId?: string;
}

export interface TransferHandlers {
  /** `loaded` counts parts reused from a previous session; `resumedBytes` is their size. */
  onProgress(loaded: number, resumedBytes: number): void;
  onComplete(response: unknown): void;
  onError(error: TransferError): void;
}

export interface Transfer {
  /** Aborts requests in flight; uploaded parts stay (resume later). */
  stop(): void;
  /** Also deletes the uploaded parts at the server and the local part list. */
  abort(): Promise<void>;
}

export interface TransferRequest {
  file: File;
  key: string;
  token: string;
  mimeType: string;
  customVars: Record<string, string>;
}

function errorOf(err: unknown): TransferError {
  const e = err as { code?: unknown; message?: unknown; reqId?: unknown; data?: unknown };
  const serverText = e.data && typeof e.data === "object" && "error" in e.data ? String((e.data as { error: unknown }).error) : undefined;
  return {
    code: typeof e.code === "number" ? e.code : -1,
    message: serverText ?? (typeof e.message === "string" ? e.message : String(err)),
    reqId: typeof e.reqId === "string" && e.reqId ? e.reqId : undefined,
  };
}

export async function startTransfer(req: TransferRequest, config: TransportConfig, handlers: TransferHandlers): Promise<Transfer> {
  const qiniu = await import("qiniu-js");
  let uploadInfo: { id: string; url: string } | undefined;
  let stopped = false;
  const observable = qiniu.upload(
    req.file,
    req.key,
    req.token,
    { fname: req.file.name, mimeType: req.mimeType, customVars: req.customVars },
    {
      uphost: config.uphost,
      upprotocol: config.upprotocol,
      // Otherwise qiniu-js posts statistics to https://uplog.qbox.me (§11.4).
      disableStatisticsReport: true,
      chunkSize: config.chunkSizeMb,
      concurrentRequestLimit: config.partConcurrency,
      checkByServer: true,
      retryCount: 3,
      debugLogLevel: "OFF",
    },
  );
  const subscription = observable.subscribe({
    next(progress) {
      if (progress.uploadInfo) uploadInfo = progress.uploadInfo;
      const resumed = (progress.chunks ?? []).reduce((n, c) => n + (c.fromCache ? c.size : 0), 0);
      // qiniu-js reports size+1 until the upload is acknowledged; never show more than the file.
      handlers.onProgress(Math.min(progress.total.loaded, req.file.size), resumed);
    },
    error(err) {
      if (!stopped) handlers.onError(errorOf(err));
    },
    complete(res) {
      handlers.onComplete(res);
    },
  });
  return {
    stop() {
      stopped = true;
      subscription.unsubscribe();
    },
    async abort() {
      stopped = true;
      subscription.unsubscribe();
      try {
        localStorage.removeItem(qiniuJsCacheKey(req.file.name, req.key, req.file.size));
      } catch {
        /* storage unavailable */
      }
      if (uploadInfo) await qiniu.deleteUploadedChunks(req.token, req.key, uploadInfo).catch(() => undefined);
    },
  };
}
