// URL-safe base64 as every official SDK writes it: `+`→`-`, `/`→`_`, padding kept (docs/qiniu-protocol.md §1).
// Pure and dependency-free so it runs in the browser too.
import { QiniuInputError } from "./errors";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
// Some third-party clients send the standard alphabet: accept it when decoding.
DECODE["+".charCodeAt(0)] = 62;
DECODE["/".charCodeAt(0)] = 63;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, like Node's Buffer.from). */
export function utf8(s: string): Uint8Array {
  // Short ASCII strings (entries, most keys) are copied directly: TextEncoder's call costs more than the copy.
  const n = s.length;
  if (n > 512) return encoder.encode(s);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(s);
    bytes[i] = c;
  }
  return bytes;
}

export function urlsafeBase64Encode(data: string | Uint8Array): string {
  const bytes = typeof data === "string" ? utf8(data) : data;
  const parts: string[] = [];
  let out = "";
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
    // Flush now and then: keeps string concatenation cheap for large inputs.
    if (out.length >= 8192) {
      parts.push(out);
      out = "";
    }
  }
  const rest = n - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + "==";
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + "=";
  }
  parts.push(out);
  return parts.join("");
}

/** Decodes URL-safe (or standard) base64, padded or not. Throws QiniuInputError on anything else. */
export function urlsafeBase64Decode(s: string): Uint8Array {
  let end = s.length;
  let pad = 0;
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* = */ && pad < 2) {
    end--;
    pad++;
  }
  if (pad > 0 && s.length % 4 !== 0) throw new QiniuInputError("invalid base64: bad padding");
  const len = end;
  if (len % 4 === 1) throw new QiniuInputError("invalid base64: bad length");
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? DECODE[c] : -1;
    if (v < 0) throw new QiniuInputError(`invalid base64: unexpected character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return out.subarray(0, o);
}

const decoder = new TextDecoder("utf-8");

/** Decodes to a UTF-8 string (invalid sequences become U+FFFD, like Node's Buffer#toString). */
export function urlsafeBase64DecodeToString(s: string): string {
  return decoder.decode(urlsafeBase64Decode(s));
}
