import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Copy of shared/etag-vectors.json (computed with Qiniu's official Python SDK).
import vectors from "./etag-vectors.json";
import { BLOCK_SIZE, QiniuEtag, etagOf, etagV2FromPartRaws, layoutIsV1 } from "@/lib/qiniu/etag";
import { etagOfBuffer, etagOfFile, etagOfParts, etagRawOfBuffer, nodeSha1 } from "@/lib/qiniu/etag-node";
import { sha1 } from "@/lib/qiniu/sha1";

const MiB = 1024 * 1024;

/** byte i = (i*31+7) mod 251 (shared/etag-vectors.json). */
function modPattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) % 251;
  return b;
}

/** rust-sdk test data: a 4096-byte page of 'A', 4093 × 'b', "\r\n", repeated. */
function rustPattern(n: number): Uint8Array {
  const page = new Uint8Array(4096).fill(0x62);
  page[0] = 0x41;
  page[4094] = 0x0d;
  page[4095] = 0x0a;
  const b = new Uint8Array(n);
  for (let o = 0; o < n; o += 4096) b.set(page.subarray(0, Math.min(4096, n - o)), o);
  return b;
}

const text = (s: string) => new TextEncoder().encode(s);

describe("etag v1 vectors", () => {
  const numeric = vectors.vectors.filter((v): v is { size: number; etag: string } => typeof v.size === "number");

  it.each(numeric)("shared/etag-vectors.json: $size bytes → $etag", ({ size, etag }) => {
    expect(etagOfBuffer(modPattern(size))).toBe(etag);
  });

  it("shared/etag-vectors.json text vector", () => {
    const v = vectors.vectors.find((x) => typeof x.size === "string");
    expect(v?.etag).toBe("Frs7vCeNNaliuJ9hZcYoluG0Le2R");
    expect(etagOfBuffer(text("hello qiniu"))).toBe(v?.etag);
  });

  it("protocol table (incl. rust-sdk vectors)", () => {
    expect(etagOfBuffer(new Uint8Array(0))).toBe("Fto5o-5ea0sNMlW_75VgGJCv2AcJ");
    expect(etagOfBuffer(text("a"))).toBe("Fob35Df6paf84V0d3Lnq6uo3dme4");
    expect(etagOfBuffer(text("etag"))).toBe("FpLiADEaVoALPkdb8tJEJyRTXoe_");
    const rust: [number, string][] = [
      [1 * MiB, "Foyl8onxBLWeRLL5oItRJphv6i4b"],
      [4 * MiB, "FicHOveBNs5Kn9d74M3b9tI4D-8r"],
      [5 * MiB, "lg-Eb5KFCuZn-cUfj_oS2PPOU9xy"],
      [8 * MiB, "lkSKZOMToDp-EqLDVuT1pyjQssl-"],
      [9 * MiB, "ljgVjMtyMsOgIySv79U8Qz4TrUO4"],
    ];
    for (const [n, e] of rust) expect(etagOfBuffer(rustPattern(n)), `${n}`).toBe(e);
  });

  it("the pure-JS SHA-1 gives the same etags (browser path)", () => {
    expect(etagOf(new Uint8Array(0))).toBe("Fto5o-5ea0sNMlW_75VgGJCv2AcJ");
    expect(etagOf(modPattern(4194305))).toBe("lgncbbZdKxcTzCACSLIvsek6wGWP");
  });
});

describe("etag v2 part layouts", () => {
  it("protocol table", () => {
    expect(etagOfParts([text("hello"), text("world")])).toBe("ns56DcSIfBFUENXjdhsJTIvl3Rcu");
    expect(etagOfParts([rustPattern(MiB / 2), rustPattern(MiB / 2)])).toBe("nlF4JinKEDBChmFGYbEIsZt6Gxnw");
    expect(etagOfParts([rustPattern(MiB / 2), rustPattern(8 * MiB)])).toBe("nt82yvMNHlNgZ4H8_A_4de84mr2f");
    expect(etagOfParts(rustPattern(MiB / 2 + 8 * MiB), [MiB / 2, 8 * MiB])).toBe("nt82yvMNHlNgZ4H8_A_4de84mr2f");
  });

  it("4 MiB-aligned layouts give the v1 etag, others do not", () => {
    const data = rustPattern(9 * MiB);
    expect(etagOfParts(data, [4 * MiB, 4 * MiB, MiB])).toBe("ljgVjMtyMsOgIySv79U8Qz4TrUO4");
    expect(etagOfParts(rustPattern(MiB), [MiB])).toBe("Foyl8onxBLWeRLL5oItRJphv6i4b");
    expect(etagOfParts(data, [4 * MiB, MiB, 4 * MiB])).toMatch(/^n/);
    expect(etagOfParts([])).toBe("Fto5o-5ea0sNMlW_75VgGJCv2AcJ");
    expect(layoutIsV1([BLOCK_SIZE, BLOCK_SIZE, 1])).toBe(true);
    expect(layoutIsV1([BLOCK_SIZE + 1])).toBe(false);
    expect(layoutIsV1([1, 1])).toBe(false);
  });

  it("etagV2FromPartRaws equals etagOfParts for random layouts", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { minLength: 1, maxLength: 6 }), (parts) => {
        const raws = parts.map((p) => ({ size: p.length, raw: etagRawOfBuffer(p) }));
        expect(etagV2FromPartRaws(raws)).toBe(etagOfParts(parts));
        expect(etagV2FromPartRaws(raws, nodeSha1)).toBe(etagOfParts(parts));
      }),
      { numRuns: 100 },
    );
    expect(() => etagV2FromPartRaws([{ size: 1, raw: new Uint8Array(20) }])).toThrow(RangeError);
  });
});

describe("QiniuEtag (incremental)", () => {
  it("gives the same etag however the input is chunked", () => {
    const data = modPattern(2 * BLOCK_SIZE + 12345);
    const whole = etagOfBuffer(data);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 * MiB }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts.map((c) => c % data.length))].sort((a, b) => a - b);
        const e = new QiniuEtag(nodeSha1);
        let last = 0;
        for (const p of [...points, data.length]) {
          e.update(data.subarray(last, p));
          last = p;
        }
        expect(e.length).toBe(data.length);
        expect(e.digest()).toBe(whole);
      }),
      { numRuns: 25 },
    );
  });

  it("cannot be used after digest", () => {
    const e = new QiniuEtag();
    e.digest();
    expect(() => e.update(new Uint8Array(1))).toThrow();
    expect(() => e.digest()).toThrow();
  });
});

describe("pure-JS SHA-1", () => {
  it("equals node:crypto for any input, fed in any pieces", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), fc.nat(1000), (d, cut) => {
        const expected = new Uint8Array(createHash("sha1").update(d).digest());
        expect(sha1(d)).toEqual(expected);
        const h = nodeSha1();
        h.update(d.subarray(0, cut));
        h.update(d.subarray(cut));
        expect(h.digest()).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("etagOfFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "qiniu-etag-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("hashes files of every size class, on this thread and on worker threads", async () => {
    for (const size of [0, 1, BLOCK_SIZE, BLOCK_SIZE + 1, 3 * BLOCK_SIZE + 7, 9437307]) {
      const file = path.join(dir, `f${size}`);
      const data = modPattern(size);
      await writeFile(file, data);
      const expected = etagOfBuffer(data);
      const progress: number[] = [];
      expect(await etagOfFile(file, { threads: 1 }), `${size} threads=1`).toBe(expected);
      expect(await etagOfFile(file, { threads: 3, onProgress: (d) => progress.push(d) }), `${size} threads=3`).toBe(expected);
      expect(progress.at(-1) ?? 0).toBe(size);
    }
    const v = vectors.vectors.find((x) => x.size === 9437307);
    expect(await etagOfFile(path.join(dir, "f9437307"))).toBe(v?.etag);
  });

  it("rejects a missing file", async () => {
    await expect(etagOfFile(path.join(dir, "missing"))).rejects.toThrow(/ENOENT/);
  });

  it("hashes several files at once on the shared worker pool, each with its own result and progress", async () => {
    const sizes = [3 * BLOCK_SIZE + 1, 5 * BLOCK_SIZE, 4 * BLOCK_SIZE + 12345, 7 * BLOCK_SIZE - 1];
    const files = await Promise.all(
      sizes.map(async (size, i) => {
        const data = new Uint8Array(size);
        for (let j = 0; j < size; j++) data[j] = (j * (i + 3) + i) & 255;
        const file = path.join(dir, `many-${i}`);
        await writeFile(file, data);
        return { file, size, expected: etagOfBuffer(data) };
      }),
    );
    const progress = files.map(() => 0);
    const got = await Promise.all(files.map((f, i) => etagOfFile(f.file, { threads: 2 + (i % 2), onProgress: (d) => (progress[i] = d) })));
    expect(got).toEqual(files.map((f) => f.expected));
    expect(progress).toEqual(sizes);
    // The pool is reused afterwards, and a file that vanishes between stat and read fails alone.
    const doomed = path.join(dir, "doomed");
    await writeFile(doomed, new Uint8Array(3 * BLOCK_SIZE + 5));
    // Settled from the start: the hash may fail while the unlink is still being awaited, before anyone else waits on it.
    const failing = Promise.allSettled([etagOfFile(doomed, { threads: 2 })]).then(([r]) => r);
    await rm(doomed);
    const results = await Promise.all([failing, ...(await Promise.allSettled([etagOfFile(files[1].file, { threads: 2 })]))]);
    expect(results[1]).toEqual({ status: "fulfilled", value: files[1].expected });
    if (results[0].status === "rejected") expect(String(results[0].reason)).toMatch(/ENOENT/);
    else expect(results[0].value).toBe(etagOfBuffer(new Uint8Array(3 * BLOCK_SIZE + 5))); // read before the unlink
  });
});
