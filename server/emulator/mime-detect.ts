// MIME type detection for uploads (put policy detectMime, or no client type): magic bytes first, then the file
// name's extension, then text/plain for UTF-8 text, else application/octet-stream.
import { open } from "node:fs/promises";
import mime from "mime";

const SIGNATURES: [RegExp | ((b: Buffer) => boolean), string][] = [
  [(b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), "image/png"],
  [(b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, "image/jpeg"],
  [(b) => b.subarray(0, 6).toString("latin1") === "GIF87a" || b.subarray(0, 6).toString("latin1") === "GIF89a", "image/gif"],
  [(b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP", "image/webp"],
  [(b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WAVE", "audio/wav"],
  [(b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "AVI ", "video/x-msvideo"],
  [(b) => b.subarray(0, 2).toString("latin1") === "BM", "image/bmp"],
  [(b) => b.subarray(4, 12).toString("latin1") === "ftypavif", "image/avif"],
  [(b) => b.subarray(4, 8).toString("latin1") === "ftyp" && /^(heic|heix|mif1)/.test(b.subarray(8, 12).toString("latin1")), "image/heic"],
  [(b) => b.subarray(4, 8).toString("latin1") === "ftyp" && b.subarray(8, 10).toString("latin1") === "qt", "video/quicktime"],
  [(b) => b.subarray(4, 8).toString("latin1") === "ftyp" && b.subarray(8, 11).toString("latin1") === "M4A", "audio/mp4"],
  [(b) => b.subarray(4, 8).toString("latin1") === "ftyp", "video/mp4"],
  [(b) => b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])), "video/webm"],
  [(b) => b.subarray(0, 3).toString("latin1") === "ID3" || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0), "audio/mpeg"],
  [(b) => b.subarray(0, 4).toString("latin1") === "OggS", "audio/ogg"],
  [(b) => b.subarray(0, 4).toString("latin1") === "fLaC", "audio/flac"],
  [(b) => b.subarray(0, 5).toString("latin1") === "%PDF-", "application/pdf"],
  [(b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])), "application/zip"],
  [(b) => b[0] === 0x1f && b[1] === 0x8b, "application/gzip"],
  [/^\s*<svg[\s>]/i, "image/svg+xml"],
  [/^\s*<\?xml[^>]*>\s*<svg[\s>]/i, "image/svg+xml"],
  [/^\s*<!doctype html|^\s*<html[\s>]/i, "text/html"],
];

function sniff(head: Buffer): string | undefined {
  for (const [test, type] of SIGNATURES) {
    if (typeof test === "function" ? test(head) : test.test(head.toString("utf8"))) return type;
  }
  return undefined;
}

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  if (head.includes(0)) return false;
  // A cut-off multi-byte sequence at the end of the sample is fine.
  const text = head.toString("utf8");
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  return bad <= 1;
}

export function mimeFromName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return mime.getType(name) ?? undefined;
}

export function extensionForMime(type: string): string | undefined {
  return mime.getExtension(type) ?? undefined;
}

/** Detects the MIME type of a stored file from its first bytes and its name. */
export async function detectMime(filePath: string, fileName: string | undefined): Promise<string> {
  const fh = await open(filePath, "r");
  let head: Buffer;
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const sniffed = sniff(head);
  if (sniffed) return sniffed;
  const byName = mimeFromName(fileName);
  if (byName) return byName;
  if (looksLikeText(head)) return "text/plain";
  return "application/octet-stream";
}

/** mimeLimit: `image/*;video/mp4` (wildcards allowed). A leading `!` in a pattern list negates it. */
export function mimeAllowed(limit: string, type: string): boolean {
  const patterns = limit
    .split(";")
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (patterns.length === 0) return true;
  const t = type.toLowerCase();
  const matches = (p: string) => {
    const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    return re.test(t);
  };
  if (patterns.every((p) => p.startsWith("!"))) return !patterns.some((p) => matches(p.slice(1)));
  return patterns.some((p) => !p.startsWith("!") && matches(p));
}

// Types whose bytes are text: served with a charset so browsers do not fall back to windows-1252 (README, Downloads).
const TEXT_TYPES =
  /^(?:text\/[^;\s]+|application\/(?:json|javascript|ecmascript|xml|xhtml\+xml|rss\+xml|atom\+xml|ld\+json|x-ndjson|x-sh|x-yaml|yaml|toml|sql|graphql|x-www-form-urlencoded)|[a-z]+\/[^;\s]+\+(?:json|xml))$/i;

/** The Content-Type a download answers with: the stored MIME type, plus `charset=utf-8` for text stored without one. */
export function servedContentType(stored: string): string {
  if (/;\s*charset=/i.test(stored)) return stored;
  const bare = stored.split(";")[0].trim();
  return TEXT_TYPES.test(bare) ? `${stored}; charset=utf-8` : stored;
}
