// Routes one HTTP request. Each port serves its own service first; the other services' APIs are answered on every
// port too, so an SDK configured with a single host for everything (docs/qiniu-protocol.md §11.2) works.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Core, Handler, RequestCtx } from "./core";
import { serveDownload } from "./download";
import { applyCors } from "./download-policy";
import { drainRequest, prepareResponse, QiniuHttpError, rawSegments, sendError, sendJson, toHttpError } from "./http";
import { handleApi } from "./routes/api";
import { handleIo } from "./routes/io";
import { handleRs } from "./routes/rs";
import { handleRsf } from "./routes/rsf";
import { handleUc } from "./routes/uc";
import { handleUp } from "./routes/up";
import type { ServedRegion } from "./regions";
import type { ServiceName } from "./types";

const fusionHandler: Handler = (rc) => rc.core.fusion.handle(rc.req, rc.res, rc.url);

const HANDLERS: Record<ServiceName, Handler> = {
  up: handleUp,
  rs: handleRs,
  rsf: handleRsf,
  api: handleApi,
  uc: handleUc,
  io: handleIo,
  fusion: fusionHandler,
};
const ORDER: ServiceName[] = ["up", "rs", "rsf", "uc", "api", "io", "fusion"];

interface Listener {
  service: ServiceName | "domain";
  /** For "domain": the bucket it serves. */
  bucket?: string;
  region?: ServedRegion;
}

function requestCtx(core: Core, { service, bucket, region }: Listener, req: IncomingMessage, res: ServerResponse, reqId: string): RequestCtx {
  const rawTarget = req.url && req.url.startsWith("/") ? req.url : `/${req.url ?? ""}`;
  const q = rawTarget.indexOf("?");
  const rawPath = q >= 0 ? rawTarget.slice(0, q) : rawTarget;
  const rawQuery = q >= 0 ? rawTarget.slice(q + 1) : "";
  let url: URL;
  try {
    url = new URL(`http://${req.headers.host || "localhost"}${rawTarget}`);
  } catch {
    url = new URL(`http://localhost${rawTarget}`);
  }
  return {
    core,
    req,
    res,
    service,
    bucket,
    region,
    rawTarget,
    rawPath,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    segs: rawSegments(rawPath),
    url,
    reqId,
    method: (req.method ?? "GET").toUpperCase(),
  };
}

export async function dispatch(core: Core, listener: Listener, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { service, bucket } = listener;
  const reqId = prepareResponse(req, res);
  if (req.method === "OPTIONS") {
    // A bucket domain with CORS rules answers preflights by them (download-policy.ts); everything else allows all.
    res.statusCode = service === "domain" && bucket && !applyCors(core.buckets, bucket, req, res) ? 403 : 200;
    res.setHeader("Content-Length", "0");
    res.end();
    return;
  }
  let rc: RequestCtx | undefined;
  try {
    rc = requestCtx(core, listener, req, res, reqId);
    if (service === "domain") {
      await serveDownload(rc, bucket!);
      return;
    }
    for (const name of [service, ...ORDER.filter((s) => s !== service)]) {
      if (await HANDLERS[name](rc)) return;
    }
    await drainRequest(req);
    sendJson(res, 404, { error: `no such api: ${rc.method} ${rc.rawPath}` });
  } catch (err) {
    const e = err instanceof QiniuHttpError ? err : toHttpError(err);
    if (!(err instanceof QiniuHttpError) && e.status === 599) {
      core.log(`${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    if (res.headersSent) res.destroy();
    else {
      await drainRequest(req);
      sendError(res, e);
    }
  }
}
