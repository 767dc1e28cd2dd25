// Qiniu etag (docs/qiniu-protocol.md §6). Pure: runs in the browser with any SHA-1 (default: the small JS one).
import { urlsafeBase64Encode } from "./base64";
import { createSha1, type Sha1Factory } from "./sha1";

/** Qiniu's block size: 4 MiB. */
export const BLOCK_SIZE = 4 * 1024 * 1024;

const V1_SINGLE = 0x16;
const V1_MULTI = 0x96;
const V2 = 0x9e;

function concat(parts: readonly Uint8Array[], prefixLen = 0): Uint8Array {
  const out = new Uint8Array(prefixLen + parts.reduce((n, p) => n + p.length, 0));
  let o = prefixLen;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function sha1With(factory: Sha1Factory, data: Uint8Array): Uint8Array {
  const h = factory();
  h.update(data);
  return h.digest();
}

/**
 * The 21-byte etag value from the SHA-1 of each 4 MiB block, in order:
 * one block → `0x16 ‖ sha1`, several → `0x96 ‖ SHA1(sha1₁ ‖ sha1₂ ‖ …)`. No blocks means the empty file.
 */
export function etagRawFromBlockSha1s(blockSha1s: readonly Uint8Array[], sha1: Sha1Factory = createSha1): Uint8Array {
  if (blockSha1s.length === 0) return etagRawFromBlockSha1s([sha1With(sha1, new Uint8Array(0))], sha1);
  const raw = new Uint8Array(21);
  if (blockSha1s.length === 1) {
    raw[0] = V1_SINGLE;
    raw.set(blockSha1s[0], 1);
  } else {
    raw[0] = V1_MULTI;
    raw.set(sha1With(sha1, concat(blockSha1s)), 1);
  }
  return raw;
}

/** The etag string (28 chars) from the SHA-1 of each 4 MiB block. */
export function etagFromBlockSha1s(blockSha1s: readonly Uint8Array[], sha1: Sha1Factory = createSha1): string {
  return urlsafeBase64Encode(etagRawFromBlockSha1s(blockSha1s, sha1));
}

/** Whether a multipart layout gives the v1 etag: every part but the last exactly 4 MiB and the last ≤ 4 MiB. */
export function layoutIsV1(partSizes: readonly number[]): boolean {
  return partSizes.every((s, i) => (i === partSizes.length - 1 ? s <= BLOCK_SIZE : s === BLOCK_SIZE));
}

export interface PartRaw {
  /** Part size in bytes. */
  size: number;
  /** The part's own v1 raw etag (21 bytes), e.g. from etagRawOfBuffer / QiniuEtag#digestRaw. */
  raw: Uint8Array;
}

/**
 * Etag of a v2 multipart upload from the v1 raw etag of each part (rust-sdk EtagV2 rules):
 * a 4 MiB-aligned layout gives the v1 etag of the whole content; otherwise
 * `0x9e ‖ SHA1(raw₁[1..] ‖ raw₂[1..] ‖ …)` (etag starts with 'n').
 */
export function etagV2FromPartRaws(parts: readonly PartRaw[], sha1: Sha1Factory = createSha1): string {
  if (parts.some((p) => p.raw.length !== 21)) throw new RangeError("each part raw etag must be 21 bytes");
  const tails = parts.map((p) => p.raw.subarray(1));
  if (layoutIsV1(parts.map((p) => p.size))) {
    // Every part is one block (≤ 4 MiB), so its raw tail is that block's SHA-1.
    return etagFromBlockSha1s(tails, sha1);
  }
  const raw = new Uint8Array(21);
  raw[0] = V2;
  raw.set(sha1With(sha1, concat(tails)), 1);
  return urlsafeBase64Encode(raw);
}

/**
 * Incremental v1 etag over chunks of any size. `sha1` creates the per-block hasher (pure JS by default;
 * pass node:crypto in Node for speed).
 */
export class QiniuEtag {
  private readonly factory: Sha1Factory;
  private readonly blockSha1s: Uint8Array[] = [];
  private current: ReturnType<Sha1Factory>;
  private inBlock = 0;
  private size = 0;
  private done = false;

  constructor(sha1: Sha1Factory = createSha1) {
    this.factory = sha1;
    this.current = sha1();
  }

  /** Bytes fed so far. */
  get length(): number {
    return this.size;
  }

  update(chunk: Uint8Array): this {
    if (this.done) throw new Error("QiniuEtag: update() after digest()");
    let o = 0;
    while (o < chunk.length) {
      const take = Math.min(BLOCK_SIZE - this.inBlock, chunk.length - o);
      this.current.update(chunk.subarray(o, o + take));
      this.inBlock += take;
      o += take;
      if (this.inBlock === BLOCK_SIZE) {
        this.blockSha1s.push(this.current.digest());
        this.current = this.factory();
        this.inBlock = 0;
      }
    }
    this.size += chunk.length;
    return this;
  }

  /** The 21-byte raw value. Ends the computation. */
  digestRaw(): Uint8Array {
    if (this.done) throw new Error("QiniuEtag: digest() called twice");
    this.done = true;
    // The trailing partial block (or the single empty block of an empty input).
    if (this.inBlock > 0 || this.blockSha1s.length === 0) this.blockSha1s.push(this.current.digest());
    return etagRawFromBlockSha1s(this.blockSha1s, this.factory);
  }

  /** The 28-character etag. Ends the computation. */
  digest(): string {
    return urlsafeBase64Encode(this.digestRaw());
  }
}

/** Etag of bytes already in memory, with the given (default pure-JS) SHA-1. */
export function etagOf(data: Uint8Array, sha1: Sha1Factory = createSha1): string {
  return new QiniuEtag(sha1).update(data).digest();
}
