// io service: fetch and mirror prefetch (docs/qiniu-protocol.md §8). Downloads live on each bucket's own domain port
// (download.ts); the io port also serves them when the Host header names a bucket domain.
import { urlsafeBase64DecodeToString } from "@/lib/qiniu/base64";
import type { Handler, RequestCtx } from "../core";
import { serveDownload } from "../download";
import { fetchAnswer, fetchFromMirror, fetchInto } from "../fetcher";
import { badRequest, decodeSegment, sendJson, QiniuHttpError } from "../http";
import { checkRegion } from "../regions";
import { authenticate, entryOf, keyedEntry } from "./common";

function b64(seg: string | undefined): string {
  if (!seg) throw badRequest();
  try {
    return urlsafeBase64DecodeToString(decodeSegment(seg));
  } catch {
    throw badRequest("invalid base64 argument");
  }
}

/** `/fetch/<b64u url>/to/<Entry>[/host/<b64u host>]` */
async function fetchRoute(rc: RequestCtx): Promise<void> {
  await authenticate(rc);
  const [, urlSeg, to, entrySeg, hostWord, hostSeg] = rc.segs;
  if (to !== "to") throw badRequest();
  const url = b64(urlSeg);
  const entry = entryOf(entrySeg);
  const host = hostWord === "host" ? b64(hostSeg) : undefined;
  checkRegion(rc, entry.bucket, "io");
  const rec = await fetchInto(rc.core, url, entry.bucket, entry.key, host);
  sendJson(rc.res, 200, fetchAnswer(rec));
}

/** `/prefetch/<Entry>`: pull the key from the bucket's mirror source. */
async function prefetchRoute(rc: RequestCtx): Promise<void> {
  await authenticate(rc);
  const entry = keyedEntry(rc.segs[1]);
  checkRegion(rc, entry.bucket, "io");
  const rec = await fetchFromMirror(rc.core, entry.bucket, entry.key);
  sendJson(rc.res, 200, fetchAnswer(rec));
}

export const handleIo: Handler = async (rc) => {
  const op = rc.segs[0];
  if (op === "fetch" || op === "prefetch") {
    if (rc.method !== "POST" && rc.method !== "GET") throw new QiniuHttpError(405, "method not allowed");
    await (op === "fetch" ? fetchRoute(rc) : prefetchRoute(rc));
    return true;
  }
  if (rc.service === "io" && (rc.method === "GET" || rc.method === "HEAD")) {
    const bucket = rc.core.buckets.byDomain(rc.req.headers.host ?? "");
    if (bucket) {
      await serveDownload(rc, bucket);
      return true;
    }
  }
  return false;
};
