import "server-only";
// Everything that uses the Secret Key (docs/qiniu-protocol.md §2–§5). Server-only, node:crypto.
import { urlsafeBase64Encode } from "./base64";
import { hmacSha1Base64Url, safeEqual } from "./digest";
import { finalizePutPolicy, type DeadlineOptions, type PutPolicy } from "./policy";
import {
  FORM_CONTENT_TYPE,
  qboxSigningString,
  qiniuV2SigningString,
  targetOf,
  type Body,
  type HeaderInput,
  type QBoxSigningInput,
  type QiniuV2SigningInput,
} from "./signing-strings";

export { qboxSigningString, qiniuV2SigningString, qiniuV2HostCandidates } from "./signing-strings";
export type { QBoxSigningInput, QiniuV2SigningInput } from "./signing-strings";

export type Credentials = { accessKey: string; secretKey: string };

/** `<AK>:<b64u(HMAC(SK, encodedPolicy))>:<encodedPolicy>` with a Node-SDK-identical policy JSON (§2). */
export function signUploadToken(creds: Credentials, policy: PutPolicy | Omit<PutPolicy, "deadline">, opts?: DeadlineOptions): string {
  const encodedPolicy = urlsafeBase64Encode(JSON.stringify(finalizePutPolicy(policy, opts)));
  return `${creds.accessKey}:${hmacSha1Base64Url(creds.secretKey, encodedPolicy)}:${encodedPolicy}`;
}

/** Full `QBox <AK>:<sign>` Authorization value (§3.1). */
export function signQBox(creds: Credentials, input: QBoxSigningInput): string {
  return `QBox ${creds.accessKey}:${hmacSha1Base64Url(creds.secretKey, qboxSigningString(input))}`;
}

/** Full `Qiniu <AK>:<sign>` Authorization value (§3.2). Signs the Host with the port once, like Go and Python. */
export function signQiniuV2(creds: Credentials, input: QiniuV2SigningInput): string {
  return `Qiniu ${creds.accessKey}:${hmacSha1Base64Url(creds.secretKey, qiniuV2SigningString(input))}`;
}

export interface CallbackRequest {
  /** The Authorization header as received. */
  authorization: string | null | undefined;
  /** Full callback URL (scheme, host, path, query) as received. */
  url: string;
  body: Body;
  /** Default POST: Qiniu always POSTs callbacks. */
  method?: string;
  /** Default application/x-www-form-urlencoded (Qiniu's default callbackBodyType). */
  contentType?: string;
  /** Request headers; `Host` (if present) and X-Qiniu-* are used by the Qiniu scheme. */
  headers?: HeaderInput;
}

/**
 * Verifies an upload callback signed with QBox or Qiniu (§5), as the official SDKs do. Constant-time comparison.
 * A true QBox answer says nothing about the body unless it is form-encoded: for other types the signature covers only
 * the path, so whoever trusts the body must refuse other types (server/upload/callback.ts does).
 */
export function verifyCallback(creds: Credentials, req: CallbackRequest): boolean {
  const auth = req.authorization?.trim();
  if (!auth) return false;
  const contentType = req.contentType ?? FORM_CONTENT_TYPE;
  const { path, host } = targetOf(req.url);
  let expected: string;
  if (auth.startsWith("QBox ")) {
    expected = signQBox(creds, { path, body: req.body, contentType });
  } else if (auth.startsWith("Qiniu ")) {
    expected = signQiniuV2(creds, {
      method: req.method ?? "POST",
      path,
      host: hostHeaderOf(req.headers) ?? host,
      headers: req.headers,
      body: req.body,
      contentType,
    });
  } else {
    return false;
  }
  return safeEqual(auth, expected);
}

function hostHeaderOf(headers: HeaderInput | undefined): string | undefined {
  if (!headers) return undefined;
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get("host") ?? undefined;
  const entries = Symbol.iterator in headers ? [...(headers as Iterable<readonly [string, string]>)] : Object.entries(headers);
  for (const [k, v] of entries) if (k.toLowerCase() === "host" && typeof v === "string") return v;
  return undefined;
}

/**
 * Private download URL (§4.1): `base?e=<deadline>&token=<AK>:<b64u(HMAC(SK, base?e=…))>`.
 * `baseUrl` is the public URL with the key already percent-encoded (see objectUrl in urls.ts); `&e=` is used
 * when it already has a query.
 */
export function privateDownloadUrl(creds: Credentials, baseUrl: string, deadlineUnixSeconds: number): string {
  const signed = `${baseUrl}${baseUrl.includes("?") ? "&" : "?"}e=${Math.floor(deadlineUnixSeconds)}`;
  return `${signed}&token=${creds.accessKey}:${hmacSha1Base64Url(creds.secretKey, signed)}`;
}
