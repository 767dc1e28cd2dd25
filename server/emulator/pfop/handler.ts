// api-service routes of the pfop engine: POST /pfop[/] and GET|POST /status/get/prefop (docs/qiniu-protocol.md §9).
import type { IncomingMessage, ServerResponse } from "node:http";
import { splitFops, MAX_FOPS_PER_JOB } from "@/lib/processing/fop-syntax";
import { badRequest, newReqId, QiniuHttpError, readBody, sendError, sendJson, toHttpError } from "../http";
import type { EmulatorContext, PersistentJobRequest } from "../types";
import { verifyManagementRequest } from "../auth";
import type { PrefopStatus } from "./status";

export interface HandlerDeps {
  ctx: EmulatorContext;
  submit: (req: PersistentJobRequest, reqid: string) => string;
  status: (id: string) => PrefopStatus | undefined;
}

const BODY_LIMIT = 256 * 1024;

function reqIdOf(res: ServerResponse): string {
  const existing = res.getHeader("X-Reqid");
  if (typeof existing === "string" && existing) return existing;
  const id = newReqId();
  res.setHeader("X-Reqid", id);
  return id;
}

function formOf(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString("utf8"));
}

/** QBox (what the SDKs send for pfop, §3.3) or Qiniu v2, checked by the core's verifier; throws 401. */
function requireAuth(deps: HandlerDeps, req: IncomingMessage, body: Buffer): void {
  verifyManagementRequest(deps.ctx, req, req.url ?? "/", body, Date.now());
}

function parsePfopForm(form: URLSearchParams): PersistentJobRequest {
  const bucket = form.get("bucket") ?? "";
  const key = form.get("key") ?? "";
  const fops = form.get("fops") ?? "";
  if (!bucket) throw badRequest("invalid argument: bucket is required");
  if (!key) throw badRequest("invalid argument: key is required");
  if (form.get("workflowTemplateID")) throw badRequest("invalid argument: workflowTemplateID is not supported by the emulator; use fops");
  const count = splitFops(fops).length;
  if (count === 0) throw badRequest("invalid argument: fops is required");
  if (count > MAX_FOPS_PER_JOB) throw badRequest(`invalid argument: at most ${MAX_FOPS_PER_JOB} fops per request`);
  const type = form.get("type") || "0";
  if (type !== "0" && type !== "1") throw badRequest("invalid argument: type must be 0 or 1");
  const notifyURL = form.get("notifyURL") || undefined;
  if (notifyURL && !/^https?:\/\/[^/\s]+/i.test(notifyURL)) throw badRequest("invalid argument: notifyURL must be an http(s) URL");
  const pipeline = form.get("pipeline") || undefined;
  if (pipeline && !/^[\w.-]{1,100}$/.test(pipeline)) throw badRequest("invalid argument: pipeline name");
  const force = form.get("force");
  return { bucket, key, fops, notifyURL, pipeline, force: force === "1" || force === "true", type: Number(type), from: "pfop" };
}

async function pfop(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, reqid: string, checkBucket?: (bucket: string) => void): Promise<void> {
  if (req.method !== "POST") throw new QiniuHttpError(405, "method not allowed", { Allow: "POST" });
  const body = await readBody(req, BODY_LIMIT);
  requireAuth(deps, req, body);
  const job = parsePfopForm(formOf(body));
  if (!deps.ctx.store.bucketExists(job.bucket)) throw new QiniuHttpError(631, "no such bucket");
  checkBucket?.(job.bucket);
  if (!deps.ctx.store.stat(job.bucket, job.key)) throw new QiniuHttpError(404, "no such file or directory");
  sendJson(res, 200, { persistentId: deps.submit(job, reqid) });
}

async function prefop(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== "GET" && req.method !== "POST") throw new QiniuHttpError(405, "method not allowed", { Allow: "GET, POST" });
  const body = req.method === "POST" ? await readBody(req, BODY_LIMIT) : Buffer.alloc(0);
  // Node's SDK sends no Authorization here, Python sends QBox: check a signature only when one is given (§3.3)
  if (req.headers.authorization) requireAuth(deps, req, body);
  const id = url.searchParams.get("id") || formOf(body).get("id");
  if (!id) throw badRequest("invalid argument: id is required");
  const status = deps.status(id);
  if (!status) throw new QiniuHttpError(612, "no such persistentId");
  sendJson(res, 200, status);
}

export function createHandler(deps: HandlerDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL, checkBucket?: (bucket: string) => void): Promise<boolean> {
    const path = url.pathname;
    if (path !== "/pfop" && path !== "/pfop/" && path !== "/status/get/prefop") return false;
    const reqid = reqIdOf(res);
    try {
      if (path === "/status/get/prefop") await prefop(deps, req, res, url);
      else await pfop(deps, req, res, reqid, checkBucket);
    } catch (e) {
      const err = toHttpError(e);
      if (err.status === 599) deps.ctx.log(`pfop ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      sendError(res, err);
    }
    return true;
  };
}
