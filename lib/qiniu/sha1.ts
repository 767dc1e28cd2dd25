// A small incremental SHA-1 (FIPS 180-4) for places without a synchronous native hasher (the browser).
// Used for the etag's final combine and as QiniuEtag's default; bulk hashing uses node:crypto or Web Crypto.

export interface Sha1Hasher {
  update(data: Uint8Array): void;
  /** 20-byte digest; the hasher must not be used afterwards. */
  digest(): Uint8Array;
}

export type Sha1Factory = () => Sha1Hasher;

class Sha1 implements Sha1Hasher {
  private readonly h = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);
  private readonly w = new Int32Array(80);
  private readonly buf = new Uint8Array(64);
  private bufLen = 0;
  private total = 0;

  update(data: Uint8Array): void {
    let i = 0;
    const n = data.length;
    this.total += n;
    if (this.bufLen > 0) {
      const take = Math.min(64 - this.bufLen, n);
      this.buf.set(data.subarray(0, take), this.bufLen);
      this.bufLen += take;
      i = take;
      if (this.bufLen < 64) return;
      this.block(this.buf, 0);
      this.bufLen = 0;
    }
    for (; i + 64 <= n; i += 64) this.block(data, i);
    if (i < n) {
      this.buf.set(data.subarray(i), 0);
      this.bufLen = n - i;
    }
  }

  digest(): Uint8Array {
    const bits = this.total * 8;
    const pad = new Uint8Array(this.bufLen < 56 ? 64 - this.bufLen : 128 - this.bufLen);
    pad[0] = 0x80;
    const hi = Math.floor(bits / 0x100000000);
    const lo = bits >>> 0;
    const e = pad.length;
    pad[e - 8] = hi >>> 24;
    pad[e - 7] = hi >>> 16;
    pad[e - 6] = hi >>> 8;
    pad[e - 5] = hi;
    pad[e - 4] = lo >>> 24;
    pad[e - 3] = lo >>> 16;
    pad[e - 2] = lo >>> 8;
    pad[e - 1] = lo;
    const total = this.total;
    this.update(pad);
    this.total = total;
    const out = new Uint8Array(20);
    for (let j = 0; j < 5; j++) {
      const v = this.h[j];
      out[j * 4] = v >>> 24;
      out[j * 4 + 1] = v >>> 16;
      out[j * 4 + 2] = v >>> 8;
      out[j * 4 + 3] = v;
    }
    return out;
  }

  private block(d: Uint8Array, o: number): void {
    const w = this.w;
    for (let t = 0; t < 16; t++) {
      const p = o + t * 4;
      w[t] = (d[p] << 24) | (d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3];
    }
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
    const h = this.h;
    let a = h[0],
      b = h[1],
      c = h[2],
      dd = h[3],
      e = h[4];
    for (let t = 0; t < 80; t++) {
      let f: number, k: number;
      if (t < 20) {
        f = (b & c) | (~b & dd);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ dd;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & dd) | (c & dd);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ dd;
        k = 0xca62c1d6 | 0;
      }
      const tmp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]) | 0;
      e = dd;
      dd = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + dd) | 0;
    h[4] = (h[4] + e) | 0;
  }
}

/** A fresh pure-JS SHA-1 hasher. */
export const createSha1: Sha1Factory = () => new Sha1();

/** One-shot SHA-1 with the pure-JS hasher. */
export function sha1(data: Uint8Array): Uint8Array {
  const h = createSha1();
  h.update(data);
  return h.digest();
}
