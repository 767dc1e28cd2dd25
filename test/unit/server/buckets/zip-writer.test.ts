// The zip download's own ZIP writer, proven against references: Python's zipfile and Info-ZIP's unzip read what it
// writes (names, bytes, CRCs, times, directories, ZIP64), and for the same input they read from it exactly what they
// read from yazl's archive (the library it replaced).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { dosDateTime, ZipWriter } from "@/server/buckets/zip-writer";

const dir = mkdtempSync(path.join(os.tmpdir(), "zip-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Input {
  name: string;
  body?: Buffer;
  mtime: Date;
}

// Deterministic bytes (a fixed linear congruential sequence), in several chunks per entry.
function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

const inputs: Input[] = [
  { name: "a.txt", body: Buffer.from("alpha\n"), mtime: new Date(2024, 4, 17, 13, 45, 30) },
  { name: "照片/二〇二四/海边.jpg", body: bytes(300_000, 7), mtime: new Date(2023, 0, 1, 0, 0, 0) },
  { name: "empty/", mtime: new Date(2022, 11, 31, 23, 59, 58) },
  { name: "zero.bin", body: Buffer.alloc(0), mtime: new Date(2021, 5, 6, 7, 8, 10) },
  { name: "deep/x/y/z.bin", body: bytes(65_537, 11), mtime: new Date(1975, 0, 1) },
];

function ours(list: Input[], expectedSize?: (i: Input) => number): Buffer {
  const zip = new ZipWriter();
  const out: Uint8Array[] = [];
  for (const i of list) {
    out.push(zip.begin(i.name, i.mtime, expectedSize?.(i) ?? i.body?.length ?? 0));
    const body = i.body ?? Buffer.alloc(0);
    for (let at = 0; at < body.length; at += 16_384) out.push(zip.data(body.subarray(at, at + 16_384)));
    out.push(zip.end());
  }
  out.push(zip.finish());
  const all = Buffer.concat(out);
  expect(zip.written).toBe(all.length);
  return all;
}

async function theirs(list: Input[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const i of list) {
    if (i.name.endsWith("/")) zip.addEmptyDirectory(i.name, { mtime: i.mtime });
    else zip.addBuffer(i.body!, i.name, { compress: false, mtime: i.mtime });
  }
  zip.end();
  const parts: Buffer[] = [];
  for await (const c of zip.outputStream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function save(name: string, data: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** What Python's zipfile reads: per entry name, size, CRC, DOS time, directory flag, and the SHA-256 of its bytes. */
function pythonReads(file: string): { bad: string | null; entries: [string, number, number, number[], boolean, string][] } {
  const script = `
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
out = []
for i in z.infolist():
    out.append([i.filename, i.file_size, i.CRC, list(i.date_time), i.is_dir(), hashlib.sha256(z.read(i)).hexdigest()])
print(json.dumps({"bad": z.testzip(), "entries": out}))
`;
  return JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8", maxBuffer: 64 << 20 }));
}

describe("ZipWriter", () => {
  it("writes an archive Python's zipfile and unzip -t accept, with the same entries as yazl's", async () => {
    const mine = save("ours.zip", ours(inputs));
    const ref = save("yazl.zip", await theirs(inputs));
    const got = pythonReads(mine);
    expect(got.bad).toBeNull();
    expect(got.entries).toEqual(pythonReads(ref).entries);
    expect(got.entries.map((e) => e[0])).toEqual(inputs.map((i) => i.name));
    expect(execFileSync("unzip", ["-t", mine], { encoding: "utf8" })).toMatch(/No errors detected/);
    // STORE: the archive is its contents plus headers
    const zipinfo = execFileSync("zipinfo", ["-v", mine], { encoding: "utf8" });
    expect(zipinfo).not.toMatch(/compression method:\s+deflated/);
  });

  it("keeps UTF-8 names and the modification time to the second", () => {
    const file = save("names.zip", ours(inputs));
    const listing = execFileSync("unzip", ["-Z", "-T", file], { encoding: "utf8" });
    expect(listing).toContain("照片/二〇二四/海边.jpg");
    // zipinfo -T prints the UT extra's time as yyyymmdd.hhmmss in local time
    expect(listing).toMatch(/20240517\.134530 a\.txt/);
  });

  it("uses ZIP64 for an entry announced at 4 GiB or more, and readers still agree", () => {
    const file = save(
      "zip64-size.zip",
      ours(inputs, (i) => (i.name === "a.txt" ? 2 ** 32 : (i.body?.length ?? 0))),
    );
    const got = pythonReads(file);
    expect(got.bad).toBeNull();
    expect(got.entries[0]).toEqual(["a.txt", 6, expect.any(Number), [2024, 5, 17, 13, 45, 30], false, expect.any(String)]);
    expect(execFileSync("unzip", ["-t", file], { encoding: "utf8" })).toMatch(/No errors detected/);
    expect(execFileSync("zipinfo", ["-v", file], { encoding: "utf8" })).toMatch(/minimum software version required to extract:\s+4\.5/);
  });

  it("writes ZIP64 end records for more than 65,535 entries", () => {
    const many: Input[] = Array.from({ length: 65_600 }, (_, i) => ({ name: `f/${i}`, body: Buffer.from(String(i)), mtime: new Date(2020, 0, 1) }));
    const file = save("zip64-count.zip", ours(many));
    const script = `
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
print(len(names), z.read(names[-1]).decode(), z.testzip())
`;
    expect(execFileSync("python3", ["-c", script, file], { encoding: "utf8" }).trim()).toBe("65600 65599 None");
  });

  it("clamps DOS dates before 1980 and keeps 2-second steps", () => {
    expect(dosDateTime(new Date(1975, 0, 1))).toEqual({ time: 0, date: (1 << 5) | 1 });
    const d = dosDateTime(new Date(2024, 4, 17, 13, 45, 31));
    expect(d.time & 0x1f).toBe(15);
    expect(d.date >> 9).toBe(44);
  });

  it("refuses data outside an entry and a second entry while one is open", () => {
    const zip = new ZipWriter();
    expect(() => zip.data(Buffer.from("x"))).toThrow();
    zip.begin("a", new Date());
    expect(() => zip.begin("b", new Date())).toThrow();
    expect(() => zip.finish()).toThrow();
  });
});
