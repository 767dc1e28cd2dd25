// rsf service: list v1 (and the deprecated streaming v2 list) (docs/qiniu-protocol.md §8).
import type { Handler, RequestCtx } from "../core";
import { badRequest, noSuchBucket, sendJson, QiniuHttpError } from "../http";
import { encodeMarker, Lister, type ListQuery } from "../list";
import { listItem } from "../records";
import { checkRegion } from "../regions";
import { authenticate, params } from "./common";

const listers = new WeakMap<object, Lister>();

function listerOf(rc: RequestCtx): Lister {
  let l = listers.get(rc.core.db);
  if (!l) listers.set(rc.core.db, (l = new Lister(rc.core.db)));
  return l;
}

function parseQuery(rc: RequestCtx, p: URLSearchParams, maxLimit: number): ListQuery {
  const bucket = p.get("bucket");
  if (!bucket) throw badRequest("bucket is required");
  if (!rc.core.store.bucketExists(bucket)) throw noSuchBucket();
  checkRegion(rc, bucket, "rsf");
  const rawLimit = p.get("limit") ?? "";
  let limit = maxLimit;
  if (rawLimit !== "") {
    if (!/^\d+$/.test(rawLimit)) throw badRequest("invalid limit");
    const n = Number(rawLimit);
    if (n > 0) limit = Math.min(n, maxLimit);
  }
  return { bucket, prefix: p.get("prefix") ?? "", delimiter: p.get("delimiter") ?? "", marker: p.get("marker") ?? "", limit };
}

async function listV1(rc: RequestCtx): Promise<void> {
  const { body } = await authenticate(rc);
  const p = params(rc, body);
  const q = parseQuery(rc, p, 1000);
  const needParts = p.get("needparts") === "true";
  const page = listerOf(rc).list(q, rc.core.now());
  const out: Record<string, unknown> = {};
  if (page.marker) out.marker = page.marker;
  if (q.delimiter) out.commonPrefixes = page.commonPrefixes;
  out.items = page.items.map((r) => listItem(r, needParts));
  sendJson(rc.res, 200, out);
}

/** `/v2/list`: newline-separated `{"item","marker","dir"}` objects; limit 0 = everything. */
async function listV2(rc: RequestCtx): Promise<void> {
  const { body } = await authenticate(rc);
  const p = params(rc, body);
  const q = parseQuery(rc, p, 1000);
  const unlimited = (p.get("limit") ?? "0") === "0";
  let remaining = unlimited ? Infinity : q.limit;
  rc.res.statusCode = 200;
  rc.res.setHeader("Content-Type", "application/x-ndjson");
  rc.res.setHeader("Cache-Control", "no-store");
  let marker = q.marker;
  for (;;) {
    const page = listerOf(rc).list({ ...q, marker, limit: Math.min(1000, remaining) }, rc.core.now());
    // One line per entry in key order; each line's marker resumes right after it.
    const entries = [
      ...page.items.map((rec) => ({ sortKey: rec.key, line: { item: listItem(rec, false), marker: encodeMarker({ c: 0, k: rec.key }), dir: "" } })),
      ...page.commonPrefixes.map((dir) => ({ sortKey: dir, line: { item: null, marker: encodeMarker({ c: 1, k: dir }), dir } })),
    ].sort((a, b) => Buffer.compare(Buffer.from(a.sortKey), Buffer.from(b.sortKey)));
    const lines = entries.map((e) => JSON.stringify(e.line));
    if (lines.length && !rc.res.write(lines.join("\n") + "\n")) await new Promise((r) => rc.res.once("drain", r));
    remaining -= page.items.length + page.commonPrefixes.length;
    if (!page.marker || remaining <= 0) break;
    marker = page.marker;
  }
  rc.res.end();
}

export const handleRsf: Handler = async (rc) => {
  const path = rc.rawPath;
  if (path !== "/list" && path !== "/v2/list") return false;
  if (rc.method !== "GET" && rc.method !== "POST") throw new QiniuHttpError(405, "method not allowed");
  if (path === "/list") await listV1(rc);
  else await listV2(rc);
  return true;
};
