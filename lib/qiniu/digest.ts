// The keyed digests Qiniu's signatures are made of (docs/qiniu-protocol.md §2–§5): HMAC-SHA1 in url-safe base64, the
// CDN anti-leech MD5 and a constant-time comparison. Node only (node:crypto). No secret lives here: callers pass the
// key in. lib/qiniu/auth.ts (the console's signer, server-only) and the emulator's verifiers (server/emulator/) both
// build on these, so the emulator does not depend on the console's server-only modules.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { urlsafeBase64Encode } from "./base64";

/** b64u(HMAC-SHA1(secret, data)), padding kept. */
export function hmacSha1Base64Url(secret: string, data: string | Uint8Array): string {
  return urlsafeBase64Encode(new Uint8Array(createHmac("sha1", secret).update(data).digest()));
}

/** Constant-time string comparison (lengths are not secret). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** CDN timestamp anti-leech sign (§4.2): `lowercase hex MD5(encryptKey + rawPath + tHex)`; rawPath is the percent-encoded path exactly as in the URL. */
export function antiLeechSign(encryptKey: string, rawPath: string, tHex: string): string {
  return createHash("md5")
    .update(encryptKey + rawPath + tHex)
    .digest("hex");
}
