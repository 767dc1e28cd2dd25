// Streaming content digests: Qiniu etag (lib/qiniu), MD5 and CRC32 in one pass, so uploads are hashed while
// they are written to disk and memory stays bounded.
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { crc32 } from "node:zlib";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { QiniuEtag } from "@/lib/qiniu/etag";
import { nodeSha1 } from "@/lib/qiniu/etag-node";

export interface ContentDigest {
  size: number;
  /** Qiniu v1 etag (28 chars). */
  etag: string;
  /** 21-byte raw etag (for v2 part layouts). */
  etagRaw: Uint8Array;
  /** lowercase hex MD5 */
  md5: string;
  /** unsigned CRC32 */
  crc32: number;
}

export class ContentHasher {
  private readonly etag = new QiniuEtag(nodeSha1);
  private readonly md5: Hash = createHash("md5");
  private crc = 0;
  private size = 0;

  update(chunk: Uint8Array): void {
    this.etag.update(chunk);
    this.md5.update(chunk);
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
  }

  get bytes(): number {
    return this.size;
  }

  digest(): ContentDigest {
    const etagRaw = this.etag.digestRaw();
    return { size: this.size, etag: urlsafeBase64Encode(etagRaw), etagRaw, md5: this.md5.digest("hex"), crc32: this.crc >>> 0 };
  }
}

/** Digest of a file on disk (streamed). */
export async function digestFile(path: string): Promise<ContentDigest> {
  const hasher = new ContentHasher();
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hasher.update(chunk as Buffer);
  return hasher.digest();
}

export function digestBuffer(data: Uint8Array): ContentDigest {
  const hasher = new ContentHasher();
  hasher.update(data);
  return hasher.digest();
}
