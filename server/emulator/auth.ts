// Request authentication exactly as Qiniu checks it, using the console's own signing library (lib/qiniu):
// management signatures (QBox and Qiniu v2, docs/qiniu-protocol.md §3.2 "Emulator verification algorithm"),
// upload tokens (§2), private download tokens (§4.1) and CDN timestamp anti-leech (§4.2).
import type { IncomingMessage } from "node:http";
import { antiLeechSign, hmacSha1Base64Url, safeEqual } from "@/lib/qiniu/digest";
import { decodeUploadToken, type PutPolicy } from "@/lib/qiniu/policy";
import { FORM_CONTENT_TYPE, qboxSigningString, qiniuV2HostCandidates, qiniuV2SigningString } from "@/lib/qiniu/signing-strings";
import { forbidden, unauthorized } from "./http";

export interface KeyRing {
  secretFor(accessKey: string): string | undefined;
}

/** Tolerated X-Qiniu-Date skew (the real server's value is unknown, §13; the Node SDK's own test sends 1970 and expects 403). */
const DATE_SKEW_MS = 15 * 60 * 1000;

function headerPairs(req: IncomingMessage): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) out.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  return out;
}

function splitCredential(value: string): { accessKey: string; sign: string } {
  const i = value.indexOf(":");
  if (i <= 0) throw unauthorized("bad token");
  return { accessKey: value.slice(0, i), sign: value.slice(i + 1) };
}

function checkQiniuDate(req: IncomingMessage, now: number): void {
  const raw = req.headers["x-qiniu-date"];
  if (typeof raw !== "string") return;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(raw);
  // Checked only after the signature matched: a correctly signed but stale request is refused (403, nodejs-sdk
  // test/rs.test.js "invalid X-Qiniu-Date"), a forged one stays a 401.
  if (!m) throw forbidden("invalid X-Qiniu-Date");
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (Math.abs(t - now) > DATE_SKEW_MS) throw forbidden("X-Qiniu-Date is too far from the server time");
}

/**
 * Verifies a management request signed with QBox or Qiniu (both accepted everywhere, §3.2 step 5).
 * `rawTarget` is the request target exactly as received; `body` the raw body. Returns the access key.
 */
export function verifyManagementRequest(keys: KeyRing, req: IncomingMessage, rawTarget: string, body: Buffer, now: number): string {
  const header = req.headers.authorization;
  if (!header) throw unauthorized("bad token");
  const space = header.indexOf(" ");
  const scheme = space > 0 ? header.slice(0, space) : "";
  const { accessKey, sign } = splitCredential(header.slice(space + 1).trim());
  const secret = keys.secretFor(accessKey);
  if (!secret) throw unauthorized("bad token");

  const rawCt = req.headers["content-type"];
  const candidates: string[] = [];
  if (scheme === "QBox") {
    const cts = new Set([rawCt, rawCt?.split(";")[0].trim()]);
    for (const ct of cts) candidates.push(qboxSigningString({ path: rawTarget, body, contentType: ct }));
  } else if (scheme === "Qiniu") {
    const hosts = qiniuV2HostCandidates(req.headers.host ?? "");
    // Python writes no Content-Type line when the request has none; Node and Go sign the form type (§3.2).
    const cts: (string | null)[] = rawCt === undefined ? [null, FORM_CONTENT_TYPE] : [rawCt];
    const headers = headerPairs(req);
    for (const host of hosts) {
      for (const contentType of cts) {
        candidates.push(qiniuV2SigningString({ method: req.method ?? "GET", path: rawTarget, host, headers, body, contentType }));
      }
    }
  } else {
    throw unauthorized("bad token");
  }
  if (!candidates.some((s) => safeEqual(hmacSha1Base64Url(secret, s), sign))) throw unauthorized("bad token");
  if (scheme === "Qiniu") checkQiniuDate(req, now);
  return accessKey;
}

export interface VerifiedUploadToken {
  accessKey: string;
  secretKey: string;
  policy: PutPolicy;
}

/** Checks the token's signature (not its deadline: Qiniu checks that when the upload completes, §2). */
export function verifyUploadToken(keys: KeyRing, token: string | undefined): VerifiedUploadToken {
  if (!token) throw unauthorized("token not specified");
  let decoded;
  try {
    decoded = decodeUploadToken(token.trim());
  } catch {
    throw unauthorized("bad token");
  }
  const secretKey = keys.secretFor(decoded.accessKey);
  if (!secretKey || !safeEqual(hmacSha1Base64Url(secretKey, decoded.encodedPolicy), decoded.sign)) throw unauthorized("bad token");
  return { accessKey: decoded.accessKey, secretKey, policy: decoded.policy };
}

/** `Authorization: UpToken <token>` of resumable uploads. */
export function upTokenFromHeader(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^UpToken\s+(.+)$/i.exec(h.trim());
  return m ? m[1] : undefined;
}

export function checkDeadline(policy: PutPolicy, now: number): void {
  if (!Number.isFinite(policy.deadline) || policy.deadline * 1000 < now) throw unauthorized("token out of date");
}

/**
 * Private download token (§4.1): `token=<AK>:<b64u(HMAC(SK, "http://" + Host + target-before-&token=))>`, with
 * `e` (unix s) not in the past. Both http:// and https:// are tried.
 */
export function verifyDownloadToken(keys: KeyRing, host: string, rawTarget: string, now: number): void {
  const i = rawTarget.indexOf("&token=");
  if (i < 0) throw unauthorized("download token not specified");
  const signedTarget = rawTarget.slice(0, i);
  const token = rawTarget.slice(i + "&token=".length).split("&")[0];
  let tokenText: string;
  try {
    tokenText = decodeURIComponent(token);
  } catch {
    throw unauthorized("bad token");
  }
  const { accessKey, sign } = splitCredential(tokenText);
  const secret = keys.secretFor(accessKey);
  if (!secret) throw unauthorized("bad token");
  const q = signedTarget.indexOf("?");
  const e = q >= 0 ? new URLSearchParams(signedTarget.slice(q + 1)).get("e") : null;
  if (!e || !/^\d+$/.test(e)) throw unauthorized("bad token");
  const ok = ["http://", "https://"].some((scheme) => safeEqual(hmacSha1Base64Url(secret, scheme + host + signedTarget), sign));
  if (!ok) throw unauthorized("bad token");
  if (Number(e) * 1000 < now) throw unauthorized("token out of date");
}

/** CDN timestamp anti-leech (§4.2): `sign = md5(key + rawPath + t)`, `t` = hex deadline. */
export function antiLeechValid(encryptKey: string, rawPath: string, query: URLSearchParams, now: number): boolean {
  const sign = query.get("sign");
  const t = query.get("t");
  if (!sign || !t || !/^[0-9a-f]{1,12}$/.test(t)) return false;
  if (parseInt(t, 16) * 1000 < now) return false;
  return safeEqual(antiLeechSign(encryptKey, rawPath, t), sign.toLowerCase());
}
