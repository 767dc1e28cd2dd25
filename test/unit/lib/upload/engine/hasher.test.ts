import { describe, expect, it } from "vitest";
import { etagForLayout } from "@/lib/upload/engine/hasher";
import { etagOfBlob } from "@/lib/qiniu/etag-browser";
import { etagOfBuffer, etagOfParts } from "@/lib/qiniu/etag-node";
import { partSizeFor } from "@/lib/upload/engine/qiniu-transport";

const MiB = 1024 * 1024;
function pattern(size: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + 7) % 251;
  return b;
}

describe("local etag for the upload layout", () => {
  const hash = (b: Blob) => etagOfBlob(b, { workers: 0 });

  it("equals the v1 etag for form uploads and 4 MiB parts", async () => {
    const data = pattern(9 * MiB + 5);
    const expected = etagOfBuffer(data);
    expect(await etagForLayout(new Blob([data]), null, hash)).toBe(expected);
    expect(await etagForLayout(new Blob([data]), 4 * MiB, hash)).toBe(expected);
  });

  it("equals the v2 etag of the part layout for other part sizes", async () => {
    const data = pattern(5 * MiB + 3);
    const expected = etagOfParts(data, [MiB, MiB, MiB, MiB, MiB, 3]);
    expect(expected.startsWith("n")).toBe(true);
    expect(await etagForLayout(new Blob([data]), MiB, hash)).toBe(expected);
  });

  it("predicts qiniu-js part sizes (doubled beyond 10000 parts)", () => {
    expect(partSizeFor(100 * MiB, 4)).toBe(4 * MiB);
    expect(partSizeFor(3 * MiB, 4)).toBe(3 * MiB);
    expect(partSizeFor(50_000 * MiB, 4)).toBe(8 * MiB);
  });
});
