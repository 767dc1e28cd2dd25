// Resumable upload v2 (docs/qiniu-protocol.md §7.3): /buckets/<bucket>/objects/<b64u key | ~>/uploads[/<id>[/<part>]].
// Content-MD5 is lowercase hex. Part sizes are checked at complete; the hash comes from the part layout (§6).
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { urlsafeBase64Decode, urlsafeBase64DecodeToString } from "@/lib/qiniu/base64";
import { etagV2FromPartRaws } from "@/lib/qiniu/etag";
import { nodeSha1 } from "@/lib/qiniu/etag-node";
import { parseScope } from "@/lib/qiniu/policy";
import { upTokenFromHeader, type VerifiedUploadToken } from "../auth";
import { regionalUploadToken } from "../regions";
import type { RequestCtx } from "../core";
import { badRequest, decodeSegment, forbidden, noSuchBucket, QiniuHttpError, readBody, sendJson, sendOk } from "../http";
import type { UploadRow } from "../resumable";
import { completeUpload } from "../upload";
import { sendUploadAnswer } from "./up-form";

const MIN_PART = 1024 * 1024;
const MAX_PART = 1024 * 1024 * 1024;
const MAX_PARTS = 10000;
const noSuchUpload = () => new QiniuHttpError(612, "no such uploadId");

interface Target {
  token: VerifiedUploadToken;
  bucket: string;
  /** null: `~` (no key) */
  key: string | null;
}

function target(rc: RequestCtx, s: string[]): Target {
  const token = regionalUploadToken(rc, upTokenFromHeader(rc.req));
  const bucket = decodeSegment(s[1]);
  const encodedKey = decodeSegment(s[3]);
  let key: string | null = null;
  if (encodedKey !== "~") {
    try {
      key = urlsafeBase64DecodeToString(encodedKey);
    } catch {
      throw badRequest("invalid object name: bad base64");
    }
  }
  if (parseScope(token.policy.scope).bucket !== bucket) throw forbidden("bucket doesn't match with scope");
  return { token, bucket, key };
}

function liveUpload(rc: RequestCtx, t: Target, id: string): UploadRow {
  const up = rc.core.resumable.upload(id, rc.core.now());
  if (!up || up.bucket !== t.bucket || up.key !== t.key) throw noSuchUpload();
  return up;
}

async function init(rc: RequestCtx, t: Target): Promise<void> {
  await readBody(rc.req, 64 * 1024);
  if (!rc.core.store.bucketExists(t.bucket)) throw noSuchBucket();
  const up = rc.core.resumable.createUpload(t.bucket, t.key, rc.core.now());
  sendJson(rc.res, 200, { uploadId: up.id, expireAt: Math.floor(up.expires_at / 1000) });
}

async function putPart(rc: RequestCtx, t: Target, id: string, rawNumber: string): Promise<void> {
  const up = liveUpload(rc, t, id);
  const n = /^\d+$/.test(rawNumber) ? Number(rawNumber) : NaN;
  if (!(n >= 1 && n <= MAX_PARTS)) throw badRequest("partNumber must be between 1 and 10000");
  let written;
  try {
    const declared = Number(rc.req.headers["content-length"]);
    written = await rc.core.resumable.writePart(up, n, rc.req, MAX_PART, rc.core.now(), Number.isSafeInteger(declared) ? declared : undefined);
  } catch (err) {
    rc.req.resume();
    if ((err as Error).message === "part too large") throw new QiniuHttpError(413, "part too large");
    if ((err as Error).message === "upload vanished") throw noSuchUpload();
    throw badRequest("part body truncated");
  }
  const md5 = rc.req.headers["content-md5"];
  if (typeof md5 === "string" && md5 !== "" && md5.toLowerCase() !== written.digest.md5) {
    throw badRequest("Content-MD5 mismatch");
  }
  sendJson(rc.res, 200, { etag: written.row.etag, md5: written.row.md5 });
}

async function listParts(rc: RequestCtx, t: Target, id: string): Promise<void> {
  const up = liveUpload(rc, t, id);
  const max = Math.min(1000, Math.max(1, Number(rc.query.get("max-parts") ?? 1000) || 1000));
  const marker = Number(rc.query.get("part-number-marker") ?? 0) || 0;
  const rows = rc.core.resumable.parts(up.id, marker, max + 1);
  const page = rows.slice(0, max);
  sendJson(rc.res, 200, {
    uploadId: up.id,
    expireAt: Math.floor(up.expires_at / 1000),
    partNumberMarker: rows.length > max ? page[page.length - 1].part_number : 0,
    parts: page.map((p) => ({ partNumber: p.part_number, etag: p.etag, size: p.size, putTime: p.put_time })),
  });
}

interface CompleteBody {
  parts?: { partNumber?: number; etag?: string }[];
  fname?: string | null;
  mimeType?: string | null;
  customVars?: Record<string, string> | null;
  metadata?: Record<string, string> | null;
}

async function complete(rc: RequestCtx, t: Target, id: string): Promise<void> {
  let body: CompleteBody;
  try {
    body = JSON.parse((await readBody(rc.req, 4 * 1024 * 1024)).toString("utf8")) as CompleteBody;
  } catch (err) {
    if (err instanceof QiniuHttpError) throw err;
    throw badRequest("invalid JSON body");
  }
  const up = liveUpload(rc, t, id);
  if (!body || !Array.isArray(body.parts) || body.parts.length === 0) throw badRequest("parts are required");
  const { resumable } = rc.core;
  let previous = 0;
  const rows = body.parts.map((p) => {
    if (!Number.isInteger(p.partNumber) || p.partNumber! <= previous) throw badRequest("parts must be listed in ascending partNumber order");
    previous = p.partNumber!;
    const row = resumable.part(up.id, p.partNumber!);
    if (!row) throw badRequest(`part ${p.partNumber} was not uploaded`);
    if (row.etag !== p.etag) throw badRequest(`etag of part ${p.partNumber} does not match`);
    return row;
  });
  rows.forEach((r, i) => {
    if (r.size > MAX_PART || (i < rows.length - 1 && r.size < MIN_PART)) throw badRequest(`part ${r.part_number} must be between 1 MiB and 1 GiB`);
  });
  const customVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(body.customVars ?? {})) if (k.startsWith("x:") && typeof v === "string") customVars[k] = v;
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(body.metadata ?? {})) {
    if (k.toLowerCase().startsWith("x-qn-meta-") && typeof v === "string") meta[k.slice("x-qn-meta-".length)] = v;
  }
  const tmp = rc.core.store.tempPath();
  let assembled = false;
  try {
    const whole = await resumable.assemble(up.id, rows, tmp);
    assembled = true;
    const etag = etagV2FromPartRaws(
      rows.map((r) => ({ size: r.size, raw: urlsafeBase64Decode(r.etag) })),
      nodeSha1,
    );
    const answer = await completeUpload(rc.core, {
      token: t.token,
      kind: "resumable",
      clientKey: t.key ?? undefined,
      fname: body.fname ?? "",
      clientMime: body.mimeType ?? undefined,
      customVars,
      meta,
      tmpPath: tmp,
      digest: { size: whole.size, etag, md5: whole.md5 },
      parts: rows.map((r) => r.size),
    });
    resumable.deleteUpload(up.id);
    sendUploadAnswer(rc, answer);
  } catch (err) {
    // Failed after the content was moved into the store: the upload's data file may now be the object's own bytes
    // (assemble links it), so the upload must not take parts any more.
    if (assembled && !existsSync(tmp)) resumable.deleteUpload(up.id);
    throw err;
  } finally {
    resumable.finishCompleting(up.id);
    await rm(tmp, { force: true });
  }
}

/** Routes `/buckets/<bucket>/objects/<key>/uploads…`; returns false for other paths. */
export async function handleV2(rc: RequestCtx): Promise<boolean> {
  // Raw segments: the empty key is `/objects//uploads` (b64("") is ""; the Python SDK sends that, Node sends `~`).
  const s = rc.rawPath.split("/").slice(1);
  if (s.length > 5 && s[s.length - 1] === "") s.pop();
  if (s[0] !== "buckets" || s[2] !== "objects" || s[4] !== "uploads" || s.length < 5 || s.length > 7) return false;
  if (s[1] === "" || s.slice(5).includes("")) throw badRequest("empty path segment");
  const t = target(rc, s);
  const id = s[5] ? decodeSegment(s[5]) : undefined;
  if (s.length === 5 && rc.method === "POST") await init(rc, t);
  else if (s.length === 7 && rc.method === "PUT") await putPart(rc, t, id!, s[6]);
  else if (s.length === 6 && rc.method === "GET") await listParts(rc, t, id!);
  else if (s.length === 6 && rc.method === "POST") await complete(rc, t, id!);
  else if (s.length === 6 && rc.method === "DELETE") {
    liveUpload(rc, t, id!);
    rc.core.resumable.deleteUpload(id!);
    sendOk(rc.res);
  } else throw new QiniuHttpError(405, "method not allowed");
  return true;
}
