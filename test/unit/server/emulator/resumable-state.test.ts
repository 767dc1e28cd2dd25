// The emulator's v2 part storage on a real SQLite database and data directory: parts of one size go to their slots
// in one data file and complete links that file instead of copying it; every other case still assembles the bytes
// the client sent, in order.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/server/emulator/db";
import { ResumableState, type PartRow, type UploadRow } from "@/server/emulator/resumable";

const MAX = 1024 * 1024 * 1024;

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7) & 255;
  return b;
}

/** A request body in network-sized chunks. */
const body = (data: Buffer) => Readable.from(Array.from({ length: Math.ceil(data.length / 65536) }, (_, i) => data.subarray(i * 65536, (i + 1) * 65536)));

describe("ResumableState: v2 parts and their assembly", () => {
  let dir: string;
  let db: Db;
  let state: ResumableState;
  let upload: UploadRow;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "emu-resumable-"));
    db = openDatabase(dir);
    state = new ResumableState(db, dir);
    upload = state.createUpload("b", "k", Date.now());
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** `declared`: the request's Content-Length; null = none (chunked). */
  const put = (n: number, data: Buffer, declared: number | null = data.length) =>
    state.writePart(upload, n, body(data), MAX, Date.now(), declared ?? undefined);
  const rowsOf = (...numbers: number[]) => numbers.map((n) => state.part(upload.id, n)!);
  const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");

  let outputs = 0;
  async function assemble(rows: PartRow[]) {
    const dest = path.join(dir, `out-${++outputs}`);
    try {
      const whole = await state.assemble(upload.id, rows, dest);
      return { whole, content: await readFile(dest), links: (await stat(dest)).nlink };
    } finally {
      state.finishCompleting(upload.id);
    }
  }

  it("puts parts of one size in their slots, whatever the arrival order, and links the result without copying", async () => {
    const S = 300_000;
    const parts = [bytes(S, 1), bytes(S, 2), bytes(1234, 3)];
    await put(2, parts[1]);
    await put(3, parts[2]);
    const first = await put(1, parts[0]);
    expect(first.row).toMatchObject({ size: S, md5: md5(parts[0]) });
    expect(rowsOf(1, 2, 3).map((r) => r.file)).toEqual([`@slot:${S}`, `@slot:${S}`, `@slot:${S}`]);
    const whole = Buffer.concat(parts);
    const got = await assemble(rowsOf(1, 2, 3));
    expect(got.content.equals(whole)).toBe(true);
    expect(got.whole).toEqual({ size: whole.length, md5: md5(whole) });
    // The data file and the result are one file: nothing was copied.
    expect(got.links).toBe(2);
  });

  it("never overwrites a recorded part's slot: a re-upload gets a file of its own and complete copies", async () => {
    const S = 200_000;
    await put(1, bytes(S, 1));
    await put(2, bytes(S, 2));
    const again = bytes(S, 9);
    await put(1, again);
    expect(rowsOf(1)[0].file).not.toMatch(/^@slot/);
    const got = await assemble(rowsOf(1, 2));
    expect(got.content.equals(Buffer.concat([again, bytes(S, 2)]))).toBe(true);
    expect(got.links).toBe(1);
  });

  it("keeps parts larger than the stride, of undeclared length, or sent while completing in files of their own", async () => {
    const small = bytes(1000, 1);
    await put(2, small); // arrives first and sets a stride of 1000
    const large = bytes(5000, 2);
    await put(1, large);
    const undeclared = bytes(700, 3);
    await put(3, undeclared, null);
    expect(rowsOf(1, 2, 3).map((r) => r.file.startsWith("@slot"))).toEqual([false, true, false]);
    const got = await assemble(rowsOf(1, 2, 3));
    expect(got.content.equals(Buffer.concat([large, small, undeclared]))).toBe(true);

    // While a complete runs, a part that would fit its slot goes elsewhere (the data file may be linked already).
    const dest = path.join(dir, "busy");
    const completing = state.assemble(upload.id, rowsOf(1, 2, 3), dest);
    await put(4, bytes(900, 4));
    await completing;
    state.finishCompleting(upload.id);
    expect(rowsOf(4)[0].file).not.toMatch(/^@slot/);
  });

  it("copies when recorded slots are not exactly the listed parts, and the data file keeps every slot", async () => {
    const S = 100_000;
    for (const n of [1, 2, 3]) await put(n, bytes(S, n));
    // Parts 1 and 2 only: part 3 stays recorded, so the data file must not be cut to two parts.
    const got = await assemble(rowsOf(1, 2));
    expect(got.links).toBe(1);
    expect(got.content.equals(Buffer.concat([bytes(S, 1), bytes(S, 2)]))).toBe(true);
    const all = await assemble(rowsOf(1, 2, 3));
    expect(all.content.equals(Buffer.concat([1, 2, 3].map((n) => bytes(S, n))))).toBe(true);
  });

  it("a cut-off part leaves its slot unrecorded and free for the next attempt", async () => {
    const S = 150_000;
    await put(1, bytes(S, 1));
    async function* cut() {
      yield bytes(1000, 5);
      throw new Error("aborted");
    }
    await expect(state.writePart(upload, 2, cut(), MAX, Date.now(), S)).rejects.toThrow("aborted");
    expect(state.part(upload.id, 2)).toBeUndefined();
    await put(2, bytes(777, 2));
    expect(rowsOf(2)[0].file).toBe(`@slot:${S}`);
    const got = await assemble(rowsOf(1, 2));
    expect(got.content.equals(Buffer.concat([bytes(S, 1), bytes(777, 2)]))).toBe(true);
    expect(got.links).toBe(2);
  });

  it("after a restart, new parts use the stride of the slots already recorded, and orphan sweeping keeps the data file", async () => {
    const S = 120_000;
    await put(1, bytes(S, 1));
    const restarted = new ResumableState(db, dir);
    expect(restarted.sweepOrphans()).toBe(0);
    await restarted.writePart(upload, 2, body(bytes(S, 2)), MAX, Date.now(), S);
    expect(restarted.part(upload.id, 2)!.file).toBe(`@slot:${S}`);
    const dest = path.join(dir, "after-restart");
    const whole = await restarted.assemble(upload.id, [restarted.part(upload.id, 1)!, restarted.part(upload.id, 2)!], dest);
    restarted.finishCompleting(upload.id);
    expect(whole.md5).toBe(md5(Buffer.concat([bytes(S, 1), bytes(S, 2)])));
    expect((await stat(dest)).nlink).toBe(2);
  });

  it("computes the MD5 of a large upload while its parts arrive, and starts over when a part already hashed is replaced", async () => {
    const S = 4 * 1024 * 1024;
    const parts = Array.from({ length: 9 }, (_, i) => bytes(i === 8 ? 12345 : S, i + 1));
    // Out of order: nothing is followed until parts 1..8 (32 MiB) are all there.
    for (const n of [2, 3, 1, 5, 4, 6, 7]) await put(n, parts[n - 1]);
    expect(state.isFollowed(upload.id)).toBe(false);
    await put(8, parts[7]);
    expect(state.isFollowed(upload.id)).toBe(true);
    await put(9, parts[8]);
    const got = await assemble(rowsOf(1, 2, 3, 4, 5, 6, 7, 8, 9));
    expect(got.links).toBe(2);
    expect(got.whole.md5).toBe(md5(Buffer.concat(parts)));
    expect(state.isFollowed(upload.id)).toBe(false);

    // Another upload: part 3 is sent again after it was hashed; the MD5 must be of the new bytes.
    upload = state.createUpload("b", "k2", Date.now());
    for (let n = 1; n <= 9; n++) await put(n, parts[n - 1]);
    expect(state.isFollowed(upload.id)).toBe(true);
    const replaced = bytes(S, 77);
    await put(3, replaced);
    expect(state.isFollowed(upload.id)).toBe(false);
    const again = await assemble(rowsOf(1, 2, 3, 4, 5, 6, 7, 8, 9));
    expect(again.whole.md5).toBe(md5(Buffer.concat([parts[0], parts[1], replaced, ...parts.slice(3)])));
    expect(again.content.equals(Buffer.concat([parts[0], parts[1], replaced, ...parts.slice(3)]))).toBe(true);
  });
});
