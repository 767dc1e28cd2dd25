import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentHasher, md5OfFiles } from "@/server/emulator/hashing";
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
          return f;
        }),
      );
      const total = sizes.reduce((a, b) => a + b, 0);
      const expected = createHash("md5").update(Buffer.concat(data)).digest("hex");
      expect(await md5OfFiles(files, total), `sizes ${sizes}`).toBe(expected);
      // Order matters: reversed files give another hash (unless all parts are equal).
      if (sizes.length > 1) expect(await md5OfFiles([...files].reverse(), total)).not.toBe(expected);
    }
  });

  it("md5OfFiles rejects a missing file on both paths", async () => {
    await expect(md5OfFiles([path.join(dir, "nope")], 10)).rejects.toThrow(/ENOENT/);
    await expect(md5OfFiles([path.join(dir, "nope")], 64 * 1024 * 1024)).rejects.toThrow(/ENOENT/);
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
