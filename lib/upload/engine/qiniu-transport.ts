// One file's transfer. Up to 4 MiB: a form upload through the official browser SDK qiniu-js 3.4 (docs/qiniu-protocol.md
// §11.4). Above: resumable v2 with parallel parts through our own multipart-transport.ts, which sends parts straight
// from the File instead of reading and hashing them in JavaScript first (bench/upload measures both).
import { startMultipart } from "./multipart-transport";
import type { Transfer, TransferError, TransferHandlers, TransferRequest } from "./transfer";
import type { TransportConfig } from "./types";

/** Files above this size go by resumable (v2 multipart) upload, as qiniu-js decides too. */
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
  if (isResumable(req.file.size)) return startMultipart(req, config, handlers, { partSize: partSizeFor(req.file.size, config.chunkSizeMb) });
  return startFormUpload(req, config, handlers);
}

/** A form upload of a small file through qiniu-js. */
async function startFormUpload(req: TransferRequest, config: TransportConfig, handlers: TransferHandlers): Promise<Transfer> {
  const qiniu = await import("qiniu-js");
  let stopped = false;
  const observable = qiniu.upload(
    req.file,
    req.key,
    req.token,
    { fname: req.file.name, mimeType: req.mimeType, customVars: req.customVars, ...(req.metadata ? { metadata: req.metadata } : {}) },
    {
      // qiniu-js 3.4.4 takes a host list: after a network error or 502/503/504/599 it freezes the host for 20 s and
      // its retry goes to the next one that is not frozen (upload/hosts.ts, base.ts FREEZE_CODE_LIST).
      uphost: [config.uphost, ...(config.backups ?? [])],
      upprotocol: config.upprotocol,
      // Otherwise qiniu-js posts statistics to https://uplog.qbox.me (§11.4).
      disableStatisticsReport: true,
      retryCount: 3,
      debugLogLevel: "OFF",
    },
  );
  const subscription = observable.subscribe({
    next(progress) {
      // qiniu-js reports size+1 until the upload is acknowledged; never show more than the file.
      handlers.onProgress(Math.min(progress.total.loaded, req.file.size), 0);
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
    },
  };
}
