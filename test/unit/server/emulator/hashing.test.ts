import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentHasher, md5OfFiles, writeHashed } from "@/server/emulator/hashing";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { crc32 } from "node:zlib";

describe("emulator content hashing", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "emu-hashing-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const parts = (sizes: number[]) =>
    sizes.map((size, i) => {
      const b = Buffer.alloc(size);
      for (let j = 0; j < size; j += 4093) b[j] = (j + i) & 255;
      return b;
    });

  it("md5OfFiles hashes files in order, inline for small totals and on a worker thread for large ones", async () => {
    for (const sizes of [[0], [1, 2, 3], [5 * 1024 * 1024, 1, 30 * 1024 * 1024]]) {
      const data = parts(sizes);
      const files = await Promise.all(
        data.map(async (d, i) => {
          const f = path.join(dir, `${sizes.length}-${i}`);
          await writeFile(f, d);
          return { path: f, offset: 0, size: d.length };
        }),
      );
      const total = sizes.reduce((a, b) => a + b, 0);
      const expected = createHash("md5").update(Buffer.concat(data)).digest("hex");
      expect(await md5OfFiles(files, total), `sizes ${sizes}`).toBe(expected);
      // Order matters: reversed files give another hash (unless all parts are equal).
      if (sizes.length > 1) expect(await md5OfFiles([...files].reverse(), total)).not.toBe(expected);
    }
  });

  it("md5OfFiles reads only the given ranges of a file, on both paths", async () => {
    const [whole] = parts([40 * 1024 * 1024 + 7]);
    const f = path.join(dir, "ranges");
    await writeFile(f, whole);
    const ranges = [
      { path: f, offset: 3 * 1024 * 1024 + 1, size: 33 * 1024 * 1024 },
      { path: f, offset: 5, size: 10 },
    ];
    const expected = createHash("md5")
      .update(Buffer.concat(ranges.map((r) => whole.subarray(r.offset, r.offset + r.size))))
      .digest("hex");
    expect(await md5OfFiles(ranges, 33 * 1024 * 1024 + 10)).toBe(expected);
    expect(await md5OfFiles([ranges[1]], 10)).toBe(createHash("md5").update(whole.subarray(5, 15)).digest("hex"));
  });

  it("md5OfFiles rejects a missing file on both paths", async () => {
    const nope = { path: path.join(dir, "nope"), offset: 0, size: 10 };
    await expect(md5OfFiles([nope], 10)).rejects.toThrow(/ENOENT/);
    await expect(md5OfFiles([nope], 64 * 1024 * 1024)).rejects.toThrow(/ENOENT/);
  });

  it("writeHashed writes a stream at a position in gathered writes, hashing every byte", async () => {
    const f = path.join(dir, "slots");
    const chunks = parts([65536, 1, 3 * 1024 * 1024, 65536, 12345]);
    const body = Buffer.concat(chunks);
    // Into a fresh file at an offset (a hole before it), then a second range before it: nothing is truncated.
    const h1 = new ContentHasher({ crc32: false });
    await writeHashed(Readable.from(chunks), f, 1000, h1, body.length);
    const h2 = new ContentHasher({ crc32: false });
    await writeHashed(Readable.from([Buffer.from("abc")]), f, 10, h2, 3);
    const onDisk = await readFile(f);
    expect(onDisk.length).toBe(1000 + body.length);
    expect(onDisk.subarray(1000).equals(body)).toBe(true);
    expect(onDisk.subarray(10, 13).toString()).toBe("abc");
    const d1 = h1.digest();
    expect(d1.etag).toBe(etagOfBuffer(body));
    expect(d1.md5).toBe(createHash("md5").update(body).digest("hex"));
    // At offset 0 the rest stays; "replace" makes a new file.
    await writeHashed(Readable.from([Buffer.from("xy")]), f, 0, new ContentHasher(), 2);
    expect((await readFile(f)).length).toBe(1000 + body.length);
    await writeHashed(Readable.from([Buffer.from("xy")]), f, "replace", new ContentHasher(), 2);
    expect((await readFile(f)).toString()).toBe("xy");
  });

  it("writeHashed refuses a body past the limit and stops reading it", async () => {
    const f = path.join(dir, "too-large");
    let pulled = 0;
    async function* body() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield Buffer.alloc(1024, i);
      }
    }
    await expect(writeHashed(body(), f, "replace", new ContentHasher(), 5 * 1024)).rejects.toThrow("part too large");
    expect(pulled).toBe(6);
  });

  it("ContentHasher computes CRC32 only when asked", () => {
    const data = parts([70000])[0];
    const full = new ContentHasher();
    const lean = new ContentHasher({ crc32: false });
    for (let o = 0; o < data.length; o += 10000) {
      full.update(data.subarray(o, o + 10000));
      lean.update(data.subarray(o, o + 10000));
    }
    const a = full.digest();
    const b = lean.digest();
    expect(a.crc32).toBe(crc32(data) >>> 0);
    expect(Number.isNaN(b.crc32)).toBe(true);
    expect([a.etag, a.md5, a.size]).toEqual([etagOfBuffer(data), createHash("md5").update(data).digest("hex"), data.length]);
    expect([b.etag, b.md5, b.size]).toEqual([a.etag, a.md5, a.size]);
  });
});
