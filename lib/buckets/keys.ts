// Checks the browser's forms run before asking the server (which checks again with the same rules).
import { validateKey } from "@/lib/qiniu/entry";

const encoder = new TextEncoder();

export function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

/**
 * Qiniu accepts any non-empty UTF-8 key of at most 750 bytes (docs/qiniu-protocol.md §1); lone surrogates are not UTF-8.
 * NUL and other control characters included: such keys exist (made through the SDK), so the console must be able to
 * list, batch and delete them (the job tables store keys escaped: server/batch/key-text.ts).
 */
export function isValidKey(key: string): boolean {
  try {
    validateKey(key);
    return true;
  } catch {
    return false;
  }
}

/** A prefix is a key's beginning: empty is fine (the whole bucket). */
export function isValidPrefix(prefix: string): boolean {
  return prefix === "" || isValidKey(prefix);
}

export function isValidMime(mime: string): boolean {
  return mime.length <= 255 && /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"]*"|[\w.+-]+))*$/.test(mime.trim());
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}
