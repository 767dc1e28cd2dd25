// EncodedEntryURI and object key rules (docs/qiniu-protocol.md §1). Pure: safe in the browser.
import { urlsafeBase64Encode, urlsafeBase64DecodeToString, utf8 } from "./base64";
import { QiniuInputError } from "./errors";

/** Longest key Qiniu accepts, in UTF-8 bytes (put-policy `scope` doc). */
export const MAX_KEY_BYTES = 750;

/** `b64u("<bucket>:<key>")`, or `b64u("<bucket>")` when there is no key. The key is not URL-escaped first. */
export function encodedEntry(bucket: string, key?: string): string {
  return urlsafeBase64Encode(key === undefined ? bucket : `${bucket}:${key}`);
}

/** Inverse of encodedEntry. Splits at the FIRST ':' (keys may contain ':'; buckets cannot). */
export function decodeEntry(entry: string): { bucket: string; key?: string } {
  const text = urlsafeBase64DecodeToString(entry);
  const i = text.indexOf(":");
  return i < 0 ? { bucket: text } : { bucket: text.slice(0, i), key: text.slice(i + 1) };
}

/** Throws a QiniuInputError with a clear message when the key cannot be stored by Qiniu. */
export function validateKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) throw new QiniuInputError("The object key must not be empty", "key");
  const bytes = utf8(key).length;
  if (bytes > MAX_KEY_BYTES) {
    throw new QiniuInputError(`The object key is ${bytes} bytes long in UTF-8; Qiniu allows at most ${MAX_KEY_BYTES}`, "key");
  }
  if (/[\uD800-\uDFFF]/.test(key) && !isWellFormed(key)) {
    throw new QiniuInputError("The object key must be valid UTF-8 text (it contains a lone surrogate)", "key");
  }
}

function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}
