// Downloads on a bucket's domain (docs/qiniu-protocol.md §4): public and private (token, 401), CDN timestamp
// anti-leech (403), Range (206/416), HEAD, ETag/If-None-Match, attname → Content-Disposition, x-qn-meta headers,
// mirror fall-through, URL-triggered fops (`?imageView2/...`, url-fops.ts). Every answer (also errors, HEAD, ranges
// and processed outputs) is recorded as CDN traffic for the Fusion service.
import { createReadStream } from "node:fs";
import { antiLeechValid, verifyDownloadToken } from "./auth";
import type { RequestCtx } from "./core";
import { applyCors, cacheControl, checkReferer } from "./download-policy";
import { fetchFromMirror } from "./fetcher";
import { decodeSegment, forbidden, QiniuHttpError } from "./http";
import { needsRestore, type ObjectRecord } from "./records";
import { servedContentType } from "./mime-detect";
import { clientGone, fopOfQuery, parseUrlFop } from "./url-fops";

export function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined; // multiple or malformed ranges: whole content
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== "" && Number(m[2]) < start) return undefined;
  }
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function trackTraffic(rc: RequestCtx, bucket: string, domain: string): { add(n: number): void; key(k: string): void } {
  let bytes = 0;
  let key = "";
  const started = rc.core.now();
  rc.res.once("close", () => {
    rc.core.fusion.recordTraffic({
      domain,
      bucket,
      key,
      url: rc.rawTarget,
      method: rc.method,
      status: rc.res.statusCode,
      bytes,
      time: started,
      durationMs: Math.max(0, rc.core.now() - started),
      ip: rc.req.socket.remoteAddress ?? "127.0.0.1",
      referer: rc.req.headers.referer,
      userAgent: rc.req.headers["user-agent"],
    });
  });
  return { add: (n) => (bytes += n), key: (k) => (key = k) };
}

async function lookup(rc: RequestCtx, bucket: string, key: string): Promise<ObjectRecord> {
  const rec = rc.core.store.record(bucket, key);
  if (rec) return rec;
  const row = rc.core.buckets.row(bucket);
  if (row?.mirror_source) return fetchFromMirror(rc.core, bucket, key);
  throw new QiniuHttpError(404, "Document not found");
}

/**
 * The default index page (on unless the bucket's noIndexPage is 1): the root and every `dir/` serve `index.html` under
 * them when that object exists, as a static site would; otherwise the key stays as requested.
 */
function indexPageKey(rc: RequestCtx, bucket: string, key: string): string {
  if (key !== "" && !key.endsWith("/")) return key;
  if (rc.core.buckets.settings.get(bucket, "noIndexPage") === 1) return key;
  const index = `${key}index.html`;
  return rc.core.store.record(bucket, index) ? index : key;
}

function signed(rc: RequestCtx, domain: string, now: number): boolean {
  try {
    verifyDownloadToken(rc.core.keys, rc.req.headers.host ?? domain, rc.rawTarget, now);
    return true;
  } catch {
    return false;
  }
}

export async function serveDownload(rc: RequestCtx, bucket: string): Promise<void> {
  const { core, req, res } = rc;
  const domain = core.buckets.domainOf(bucket) ?? req.headers.host ?? "";
  const traffic = trackTraffic(rc, bucket, domain);
  // Before anything can fail, so error answers carry the bucket's CORS headers too.
  applyCors(core.buckets, bucket, req, res);
  if (rc.method !== "GET" && rc.method !== "HEAD") throw new QiniuHttpError(405, "method not allowed", { Allow: "GET, HEAD" });
  const key = indexPageKey(rc, bucket, decodeSegment(rc.rawPath.slice(1)));
  traffic.key(key);
  const now = core.now();
  const row = core.buckets.row(bucket);
  if (!row) throw new QiniuHttpError(404, "no such bucket");
  if (row.private === 1) verifyDownloadToken(core.keys, req.headers.host ?? domain, rc.rawTarget, now);
  checkReferer(core.buckets.settings.get(bucket, "refer"), req.headers.referer);
  const leechKeys = core.fusion.antiLeechKeys(domain);
  if (leechKeys.length > 0 && !leechKeys.some((k) => antiLeechValid(k, rc.rawPath, rc.query, now))) throw forbidden("anti-leech check failed");
  if (key === "") throw new QiniuHttpError(404, "Document not found");
  // A malformed fop is a 400 before anything is looked up (or pulled from a mirror).
  const fop = fopOfQuery(rc.rawQuery);
  const steps = fop === undefined ? undefined : parseUrlFop(fop);
  // Original protection (access style mode 1): a public bucket serves originals only processed (private buckets'
  // signed URLs are not affected).
  if (fop === undefined && row.private !== 1 && core.buckets.settings.get(bucket, "protected") === 1) {
    throw forbidden("the original is protected: request it with a processing command");
  }

  const rec = await lookup(rc, bucket, key);
  // A disabled object is still served to a signed URL (developer.qiniu.com/kodo/api/4173: "只能通过签发 Token 的方式访问").
  if (rec.status === 1 && row.private !== 1 && !signed(rc, domain, now)) throw forbidden("the file is disabled");
  if (needsRestore(rec.type) && rec.restoreStatus !== 2) throw forbidden("the file is in archive storage: restore it first (restoreAr)");

  // Processed first: a failing fop answers its error without the download's headers.
  const out =
    fop !== undefined && steps !== undefined ? await core.urlFops.output(rec.hash, core.store.contentPath(rec), fop, steps, clientGone(res)) : undefined;

  res.setHeader("Last-Modified", new Date(Math.floor(rec.putTime / 10000)).toUTCString());
  res.setHeader("Cache-Control", cacheControl(core.buckets, bucket, row.private === 1));
  const attname = rc.query.get("attname");
  if (attname !== null) res.setHeader("Content-Disposition", contentDisposition(attname || key.split("/").pop() || key));

  if (out) {
    res.setHeader("Content-Type", out.mimeType);
    await sendContent(rc, { path: out.path, size: out.size, etag: `"${out.etag}"` }, traffic, `${bucket}/${key}?${fop}`);
    return;
  }

  res.setHeader("Content-Type", servedContentType(rec.mimeType));
  for (const [name, value] of Object.entries(rec.meta ?? {})) {
    // `x-qn-meta-!Header` (Node SDK changeHeaders) sets that response header itself.
    const header = name.startsWith("!") ? name.slice(1) : `x-qn-meta-${name}`;
    if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header)) res.setHeader(header, value);
  }
  await sendContent(rc, { path: core.store.contentPath(rec), size: rec.fsize, etag: `"${rec.hash}"` }, traffic, `${bucket}/${key}`);
}

/** The body part of a download: ETag/If-None-Match (304), Range (206/416), HEAD, then the bytes, counted as traffic. */
async function sendContent(
  rc: RequestCtx,
  content: { path: string; size: number; etag: string },
  traffic: { add(n: number): void },
  what: string,
): Promise<void> {
  const { core, req, res } = rc;
  const { etag, size } = content;
  res.setHeader("ETag", etag);
  res.setHeader("Accept-Ranges", "bytes");
  if (req.headers["if-none-match"] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const range = parseRange(req.headers.range, size);
  if (range === "unsatisfiable") {
    res.setHeader("Content-Range", `bytes */${size}`);
    throw new QiniuHttpError(416, "requested range not satisfiable");
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const length = Math.max(0, end - start + 1);
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader("Content-Range", `bytes ${start}-${end}/${size}`);
  res.setHeader("Content-Length", String(length));
  if (rc.method === "HEAD" || length === 0) {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(content.path, { start, end });
    stream.on("data", (chunk) => traffic.add(chunk.length));
    stream.on("error", (err) => {
      core.log(`download ${what}: ${err.message}`);
      res.destroy(err);
      resolve();
    });
    res.on("close", () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
