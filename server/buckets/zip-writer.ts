import "server-only";
import { crc32 } from "node:zlib";

// A streaming ZIP writer for STOREd entries (issue 20's zip download). yazl, used before, pipes every byte through a
// JavaScript CRC-32 and four Node transforms; this writer computes the CRC with Node's native zlib.crc32 as chunks pass
// and hands them on untouched, so the archive costs almost nothing beyond the download itself.
// Layout (APPNOTE.TXT 6.3.10): per entry a local header with general-purpose bit 3 (CRC and sizes follow the data in a
// data descriptor, since the CRC is known only at the end) and bit 11 (UTF-8 names); at the end the central directory.
// ZIP64 (APPNOTE 4.5.3) where a size, an offset or the entry count needs it: an entry expected at ≥ 4 GiB gets a zip64
// extra field in its local header and a 64-bit data descriptor; the central directory says what it must in zip64 extras.

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const VERSION_DEFAULT = 20; // 2.0: directories, STORE
const VERSION_ZIP64 = 45; // 4.5: ZIP64
const MADE_BY_UNIX = 3 << 8;
const UNIX_FILE = 0o100644;
const UNIX_DIR = 0o040755;

interface Entry {
  name: Buffer;
  dos: { time: number; date: number };
  unixTime: number;
  dir: boolean;
  zip64: boolean;
  offset: number;
  crc: number;
  size: number;
}

/** DOS date and time (local time, 2-second resolution); dates before 1980 are clamped to 1980-01-01. */
export function dosDateTime(d: Date): { time: number; date: number } {
  const year = d.getFullYear();
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 };
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: (((Math.min(year, 2107) - 1980) & 0x7f) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

function u64(buf: Buffer, value: number, at: number): void {
  buf.writeUInt32LE(value % 0x1_0000_0000, at);
  buf.writeUInt32LE(Math.floor(value / 0x1_0000_0000), at + 4);
}

/** The "UT" extended timestamp (modification time, seconds since 1970): exact times, unlike DOS time. */
function timestampExtra(unixTime: number): Buffer {
  const b = Buffer.alloc(9);
  b.writeUInt16LE(0x5455, 0);
  b.writeUInt16LE(5, 2);
  b.writeUInt8(1, 4);
  b.writeUInt32LE(unixTime >>> 0, 5);
  return b;
}

/**
 * Bytes of one archive, produced entry by entry: `begin` gives an entry's local header, `data` passes its bytes on
 * (counting them and updating the CRC), `end` gives its data descriptor, `finish` the central directory. The caller
 * sends every returned buffer on, in order. Entries are STOREd: a zip download is mostly photos, videos and archives.
 */
export class ZipWriter {
  private readonly entries: Entry[] = [];
  private open: Entry | null = null;
  private offset = 0;

  /** Bytes handed out so far. */
  get written(): number {
    return this.offset;
  }

  private out(buf: Buffer): Buffer {
    this.offset += buf.length;
    return buf;
  }

  /** The local header of an entry; a name ending in "/" is a directory. `expectedSize` chooses ZIP64 up front. */
  begin(name: string, mtime: Date, expectedSize = 0): Buffer {
    if (this.open) throw new Error("zip entry still open");
    const dir = name.endsWith("/");
    const entry: Entry = {
      name: Buffer.from(name, "utf8"),
      dos: dosDateTime(mtime),
      unixTime: Math.max(0, Math.floor(mtime.getTime() / 1000)),
      dir,
      zip64: !dir && expectedSize >= MAX32,
      offset: this.offset,
      crc: 0,
      size: 0,
    };
    if (entry.name.length > MAX16) throw new Error("zip entry name too long");
    this.open = entry;
    const extras = [timestampExtra(entry.unixTime)];
    if (entry.zip64) {
      // Sizes are in the data descriptor; the extra field is here so readers expect a 64-bit descriptor.
      const z = Buffer.alloc(20);
      z.writeUInt16LE(0x0001, 0);
      z.writeUInt16LE(16, 2);
      extras.push(z);
    }
    const extra = Buffer.concat(extras);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(entry.zip64 ? VERSION_ZIP64 : VERSION_DEFAULT, 4);
    h.writeUInt16LE(FLAG_DESCRIPTOR | FLAG_UTF8, 6);
    h.writeUInt16LE(0, 8); // STORE
    h.writeUInt16LE(entry.dos.time, 10);
    h.writeUInt16LE(entry.dos.date, 12);
    // crc-32 and sizes: 0 (in the data descriptor), or 0xffffffff for ZIP64 sizes
    h.writeUInt32LE(0, 14);
    h.writeUInt32LE(entry.zip64 ? MAX32 : 0, 18);
    h.writeUInt32LE(entry.zip64 ? MAX32 : 0, 22);
    h.writeUInt16LE(entry.name.length, 26);
    h.writeUInt16LE(extra.length, 28);
    return this.out(Buffer.concat([h, entry.name, extra]));
  }

  /** One chunk of the open entry's bytes, returned as is. */
  data(chunk: Uint8Array): Uint8Array {
    const entry = this.open;
    if (!entry || entry.dir) throw new Error("no zip file entry open");
    entry.crc = crc32(chunk, entry.crc);
    entry.size += chunk.byteLength;
    this.offset += chunk.byteLength;
    return chunk;
  }

  /** The open entry's data descriptor (its CRC and size); the entry is complete. */
  end(): Buffer {
    const entry = this.open;
    if (!entry) throw new Error("no zip entry open");
    this.open = null;
    this.entries.push(entry);
    // An entry that grew past 4 GiB without being announced still gets sizes that fit (a 64-bit descriptor).
    if (entry.size >= MAX32) entry.zip64 = true;
    const d = Buffer.alloc(entry.zip64 ? 24 : 16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(entry.crc >>> 0, 4);
    if (entry.zip64) {
      u64(d, entry.size, 8);
      u64(d, entry.size, 16);
    } else {
      d.writeUInt32LE(entry.size, 8);
      d.writeUInt32LE(entry.size, 12);
    }
    return this.out(d);
  }

  /** The central directory and the end records; the archive is complete. */
  finish(): Buffer {
    if (this.open) throw new Error("zip entry still open");
    const start = this.offset;
    const records = this.entries.map((e) => this.centralRecord(e));
    const cdSize = records.reduce((n, r) => n + r.length, 0);
    const count = this.entries.length;
    const tail: Buffer[] = [];
    const needs64 = count >= MAX16 || cdSize >= MAX32 || start >= MAX32;
    if (needs64) {
      const z = Buffer.alloc(56);
      z.writeUInt32LE(0x06064b50, 0);
      u64(z, 44, 4); // size of the rest of this record
      z.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
      z.writeUInt16LE(VERSION_ZIP64, 14);
      // disk numbers (4 + 4 bytes): 0
      u64(z, count, 24);
      u64(z, count, 32);
      u64(z, cdSize, 40);
      u64(z, start, 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      u64(locator, start + cdSize, 8);
      locator.writeUInt32LE(1, 16);
      tail.push(z, locator);
    }
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(Math.min(count, MAX16), 8);
    eocd.writeUInt16LE(Math.min(count, MAX16), 10);
    eocd.writeUInt32LE(Math.min(cdSize, MAX32), 12);
    eocd.writeUInt32LE(Math.min(start, MAX32), 16);
    tail.push(eocd);
    return this.out(Buffer.concat([...records, ...tail]));
  }

  private centralRecord(e: Entry): Buffer {
    const big = e.zip64 || e.offset >= MAX32;
    const extras = [timestampExtra(e.unixTime)];
    if (big) {
      // All three values in the zip64 extra, and 0xffffffff in their 32-bit fields (APPNOTE 4.5.3: same order).
      const z = Buffer.alloc(28);
      z.writeUInt16LE(0x0001, 0);
      z.writeUInt16LE(24, 2);
      u64(z, e.size, 4);
      u64(z, e.size, 12);
      u64(z, e.offset, 20);
      extras.push(z);
    }
    const extra = Buffer.concat(extras);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(MADE_BY_UNIX | (big ? VERSION_ZIP64 : VERSION_DEFAULT), 4);
    c.writeUInt16LE(big ? VERSION_ZIP64 : VERSION_DEFAULT, 6);
    c.writeUInt16LE(FLAG_DESCRIPTOR | FLAG_UTF8, 8);
    c.writeUInt16LE(0, 10);
    c.writeUInt16LE(e.dos.time, 12);
    c.writeUInt16LE(e.dos.date, 14);
    c.writeUInt32LE(e.crc >>> 0, 16);
    c.writeUInt32LE(big ? MAX32 : e.size, 20);
    c.writeUInt32LE(big ? MAX32 : e.size, 24);
    c.writeUInt16LE(e.name.length, 28);
    c.writeUInt16LE(extra.length, 30);
    // comment length, disk number start, internal attributes: 0
    c.writeUInt32LE((((e.dir ? UNIX_DIR : UNIX_FILE) << 16) | (e.dir ? 0x10 : 0)) >>> 0, 38);
    c.writeUInt32LE(big ? MAX32 : e.offset, 42);
    return Buffer.concat([c, e.name, extra]);
  }
}
