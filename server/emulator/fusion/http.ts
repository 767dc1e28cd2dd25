// Request/response plumbing of the Fusion API: QBox authentication, JSON bodies, `{code, error}` answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { hmacSha1Base64Url, safeEqual } from "@/lib/qiniu/digest";
import { qboxSigningString, qiniuV2HostCandidates, qiniuV2SigningString } from "@/lib/qiniu/signing-strings";
import type { EmulatorContext } from "../types";
import { newReqId, readBody, sendJson } from "../http";

/** Fusion business codes (documented in README.md). HTTP status is 200 only for code 200. */
export const FusionCode = {
  ok: 200,
  invalidParams: 400000,
  invalidUrl: 400031,
  invalidHost: 400032,
  prefetchQuota: 400033,
  urlRefreshQuota: 400034,
  dirRefreshQuota: 400035,
  tooManyInRequest: 400038,
  invalidDomain: 400054,
  invalidStartDate: 400080,
  invalidEndDate: 400081,
  rangeTooLong: 400082,
  invalidGranularity: 400083,
  tooManyDomains: 400084,
  analysisInvalidParams: 400331,
  unauthorized: 401,
  internal: 500000,
} as const;

/** A failure answered as `{"code": <code>, "error": <message>, ...extra}`. */
export class FusionError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly httpStatus = code === FusionCode.unauthorized ? 401 : code >= 500000 ? 500 : 400,
  ) {
    super(message);
    this.name = "FusionError";
  }
}

const MAX_BODY = 1024 * 1024;

/** Ensures the Qiniu response basics when the core has not set them already (docs/qiniu-protocol.md §0 item 1). */
export function ensureReqId(res: ServerResponse): void {
  if (!res.getHeader("X-Reqid")) res.setHeader("X-Reqid", newReqId());
}

export function sendFusion(res: ServerResponse, body: Record<string, unknown>, status = 200): void {
  ensureReqId(res);
  sendJson(res, status, body);
}

export function sendFusionError(res: ServerResponse, err: FusionError): void {
  sendFusion(res, { code: err.code, error: err.message, ...err.extra }, err.httpStatus);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verifies `Authorization: QBox <AK>:<sign>` over `"<path>[?query]\n"` (the JSON body is never signed, §10), or the
 * Qiniu v2 scheme, which some clients use everywhere (§3.2 recommendation 5). Returns the access key.
 */
export function authenticate(ctx: EmulatorContext, req: IncomingMessage, body: Buffer): string {
  const auth = header(req, "authorization")?.trim() ?? "";
  const m = /^(QBox|Qiniu) ([^:\s]+):(\S+)$/.exec(auth);
  if (!m) throw new FusionError(FusionCode.unauthorized, "bad token: missing or malformed Authorization");
  const [, scheme, accessKey] = m;
  const secret = ctx.secretFor(accessKey);
  if (!secret) throw new FusionError(FusionCode.unauthorized, "bad token: unknown access key");
  const target = req.url ?? "/";
  const contentType = header(req, "content-type")?.split(";")[0].trim();
  const candidates =
    scheme === "QBox"
      ? [qboxSigningString({ path: target, body, contentType })]
      : qiniuV2HostCandidates(header(req, "host") ?? "").flatMap((host) =>
          (contentType ? [contentType] : [null, undefined]).map((ct) =>
            qiniuV2SigningString({ method: req.method ?? "POST", path: target, host, headers: flatHeaders(req), body, contentType: ct }),
          ),
        );
  const ok = candidates.some((s) => safeEqual(auth, `${scheme} ${accessKey}:${hmacSha1Base64Url(secret, s)}`));
  if (!ok) throw new FusionError(FusionCode.unauthorized, "bad token: signature mismatch");
  return accessKey;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

export async function readRequest(req: IncomingMessage): Promise<Buffer> {
  return readBody(req, MAX_BODY);
}

/** Parses a JSON object body; `{}` for an empty body. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new FusionError(FusionCode.invalidParams, "invalid params: body is not JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new FusionError(FusionCode.invalidParams, "invalid params: body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** `null`/missing → [], array of strings → it, anything else → invalid params. */
export function stringList(body: Record<string, unknown>, field: string): string[] {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    throw new FusionError(FusionCode.invalidParams, `invalid params: ${field} must be an array of strings`);
  }
  return v as string[];
}

/** Domains as the usage APIs take them (`"a.com;b.com"`); an array is accepted too. Deduplicated, order kept. */
export function domainList(value: unknown, code: number = FusionCode.invalidParams): string[] {
  let parts: unknown[];
  if (typeof value === "string") parts = value.split(";");
  else if (Array.isArray(value)) parts = value;
  else throw new FusionError(code, "invalid params: domains is required");
  if (parts.some((p) => typeof p !== "string")) throw new FusionError(code, "invalid params: domains must be strings");
  return [...new Set((parts as string[]).map((p) => p.trim()).filter(Boolean))];
}
