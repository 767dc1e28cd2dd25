import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/server/emulator/db";
import { decodeMarker, encodeMarker, Lister, prefixSuccessor } from "@/server/emulator/list";

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "emu-list-unit-"));
  db = openDatabase(dir);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function fill(bucket: string, keys: string[], expired: string[] = []): void {
  const ins = db.prepare(
    "INSERT OR REPLACE INTO objects (bucket, key, fsize, hash, md5, mime, put_time, expire_at) VALUES (?, ?, 1, 'h', 'm', 'text/plain', 1, ?)",
  );
  db.transaction(() => {
    for (const k of keys) ins.run(bucket, k, null);
    for (const k of expired) ins.run(bucket, k, 1);
  })();
}

/** What a v1 listing must return: the reference model. */
function model(keys: string[], prefix: string, delimiter: string): string[] {
  const out: string[] = [];
  for (const k of [...new Set(keys)].sort(byteOrder)) {
    if (!k.startsWith(prefix)) continue;
    const cut = delimiter ? k.slice(prefix.length).indexOf(delimiter) : -1;
    const entry = cut < 0 ? k : prefix + k.slice(prefix.length, prefix.length + cut + delimiter.length) + "\u0000prefix";
    if (out[out.length - 1] !== entry) out.push(entry);
  }
  return out;
}

function pageAll(lister: Lister, bucket: string, prefix: string, delimiter: string, limit: number): string[] {
  const out: string[] = [];
  let marker = "";
  for (let guard = 0; guard < 10_000; guard++) {
    const page = lister.list({ bucket, prefix, delimiter, marker, limit }, 1000);
    expect(page.items.length + page.commonPrefixes.length).toBeLessThanOrEqual(limit);
    // Within one page, entries keep byte order; merge items and prefixes back in that order.
    const entries = [...page.items.map((i) => i.key), ...page.commonPrefixes.map((p) => `${p}\u0000prefix`)].sort(byteOrder);
    out.push(...entries);
    if (!page.marker) return out;
    marker = page.marker;
  }
  throw new Error("listing did not end");
}

describe("prefixSuccessor", () => {
  it("is greater than every extension of the prefix and smaller than the next sibling", () => {
    expect(prefixSuccessor("a/")).toBe("a0");
    expect(prefixSuccessor("")).toBeUndefined();
    expect(prefixSuccessor("\u{10FFFF}")).toBeUndefined();
    expect(prefixSuccessor("a\uD7FF")).toBe("a\uE000");
    const s = prefixSuccessor("dir/")!;
    for (const k of ["dir/", "dir/a", "dir/\u{10FFFF}zz", "dir/é"]) expect(byteOrder(k, s)).toBeLessThan(0);
  });
});

describe("markers", () => {
  it("round-trips and rejects garbage with 640", () => {
    expect(decodeMarker(encodeMarker({ c: 0, k: "a/b 文件" }))).toEqual({ c: 0, k: "a/b 文件" });
    for (const bad of ["not-a-marker", "e30=", encodeMarker({ c: 0, k: "x" }).slice(0, 5)]) {
      expect(() => decodeMarker(bad)).toThrow(expect.objectContaining({ status: 640 }));
    }
  });
});

describe("Lister", () => {
  it("lists in byte order (not UTF-16 order) and hides expired objects", () => {
    fill("order", ["b", "a", "\u{1F600}", "\uFF21", "A"], ["c-expired"]);
    const page = new Lister(db).list({ bucket: "order", prefix: "", delimiter: "", marker: "", limit: 1000 }, 1000);
    expect(page.items.map((i) => i.key)).toEqual(["A", "a", "b", "\uFF21", "\u{1F600}"]);
    expect(page.marker).toBeUndefined();
  });

  it("pages through any key set exactly like the reference model", () => {
    const keyChars = fc.constantFrom("a", "b", "/", "-", "é", "文", "~", "\u{1F600}");
    let n = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.array(keyChars, { minLength: 1, maxLength: 6 }).map((c) => c.join("")),
          { maxLength: 40 },
        ),
        fc.constantFrom("", "a", "a/", "b/", "文"),
        fc.constantFrom("", "/", "-"),
        fc.integer({ min: 1, max: 7 }),
        (keys, prefix, delimiter, limit) => {
          const bucket = `prop-${n++}`;
          fill(bucket, keys);
          expect(pageAll(new Lister(db), bucket, prefix, delimiter, limit)).toEqual(model(keys, prefix, delimiter));
        },
      ),
      { numRuns: 150 },
    );
  });
});
