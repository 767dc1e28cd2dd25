// api service: pfop/prefop (delegated to the pfop plug-in, docs/qiniu-protocol.md §9) and async fetch (§8 sisyphus/fetch).
import { randomBytes } from "node:crypto";
import type { Core, Handler, RequestCtx } from "../core";
import { fetchInto } from "../fetcher";
import { badRequest, sendJson, QiniuHttpError } from "../http";
import { checkRegion } from "../regions";
import { authenticate } from "./common";
import { handleStats } from "./stats";

interface AsyncFetchJob {
  done: boolean;
  error?: string;
}

const jobs = new WeakMap<Core, Map<string, AsyncFetchJob>>();

function jobsOf(core: Core): Map<string, AsyncFetchJob> {
  let m = jobs.get(core);
  if (!m) jobs.set(core, (m = new Map()));
  return m;
}

interface AsyncFetchBody {
  url?: string;
  bucket?: string;
  key?: string;
  host?: string;
  etag?: string;
  ignore_same_key?: boolean;
}

/** The JSON body with its types checked: `{"url": {}}` is a 400, not a crash further down. */
function asyncFetchBody(value: unknown): AsyncFetchBody {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw badRequest("the body must be a JSON object");
  const v = value as Record<string, unknown>;
  for (const field of ["url", "bucket", "key", "host", "etag"] as const) {
    if (v[field] !== undefined && v[field] !== null && typeof v[field] !== "string") throw badRequest(`${field} must be a string`);
  }
  if (v.ignore_same_key !== undefined && v.ignore_same_key !== null && typeof v.ignore_same_key !== "boolean")
    throw badRequest("ignore_same_key must be a boolean");
  const str = (x: unknown) => (typeof x === "string" ? x : undefined);
  return { url: str(v.url), bucket: str(v.bucket), key: str(v.key), host: str(v.host), etag: str(v.etag), ignore_same_key: v.ignore_same_key === true };
}

async function asyncFetch(rc: RequestCtx): Promise<void> {
  const { body } = await authenticate(rc);
  if (rc.method === "GET") {
    const job = jobsOf(rc.core).get(rc.query.get("id") ?? "");
    if (!job) throw new QiniuHttpError(612, "no such fetch job");
    sendJson(rc.res, 200, { id: rc.query.get("id"), wait: job.done ? -1 : 1, ...(job.error ? { error: job.error } : {}) });
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("invalid JSON body");
  }
  const req = asyncFetchBody(parsed);
  if (!req.url || !req.bucket) throw badRequest("url and bucket are required");
  if (!rc.core.store.bucketExists(req.bucket)) throw new QiniuHttpError(631, "no such bucket");
  checkRegion(rc, req.bucket, "api");
  if (req.ignore_same_key && req.key && rc.core.store.record(req.bucket, req.key)) {
    throw new QiniuHttpError(614, "file exists");
  }
  const id = `emu-fetch-${randomBytes(12).toString("hex")}`;
  const job: AsyncFetchJob = { done: false };
  jobsOf(rc.core).set(id, job);
  const urls = req.url.split(";").filter(Boolean);
  void (async () => {
    for (const u of urls) {
      try {
        const rec = await fetchInto(rc.core, u, req.bucket!, req.key || undefined, req.host);
        if (req.etag && rec.hash !== req.etag) job.error = `etag mismatch: got ${rec.hash}`;
        else job.error = undefined;
        break;
      } catch (err) {
        job.error = (err as Error).message;
      }
    }
    job.done = true;
    if (job.error) rc.core.log(`async fetch ${id}: ${job.error}`);
  })();
  sendJson(rc.res, 200, { id, wait: urls.length });
}

export const handleApi: Handler = async (rc) => {
  if (rc.rawPath === "/pfop" || rc.rawPath === "/pfop/" || rc.rawPath === "/status/get/prefop") {
    return rc.core.pfop.handle(rc.req, rc.res, rc.url, (bucket) => checkRegion(rc, bucket, "api"));
  }
  if (rc.rawPath === "/sisyphus/fetch") {
    if (rc.method !== "POST" && rc.method !== "GET") throw new QiniuHttpError(405, "method not allowed");
    await asyncFetch(rc);
    return true;
  }
  return handleStats(rc);
};
