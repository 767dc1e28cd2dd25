// list v1 (docs/qiniu-protocol.md §8): keys in byte order (SQLite BINARY collation = memcmp over UTF-8), prefix,
// delimiter with commonPrefixes, an opaque marker (base64 JSON like Qiniu's; a bad one gives 640), limit ≤ 1000.
// Each common prefix is skipped with one index seek, so a page costs O(limit) seeks whatever the bucket size.
import { urlsafeBase64DecodeToString, urlsafeBase64Encode } from "@/lib/qiniu/base64";
import type { Db } from "./db";
import { QiniuHttpError } from "./http";
import { ROW_COLUMNS, rowFromValues, rowToRecord, type ObjectRecord, type ObjectRow } from "./records";

export interface ListQuery {
  bucket: string;
  prefix: string;
  delimiter: string;
  marker: string;
  limit: number;
}

export interface ListPage {
  items: ObjectRecord[];
  commonPrefixes: string[];
  /** Absent at the end of the listing. */
  marker?: string;
}

interface Marker {
  /** 0: k is the last key returned; 1: k is the last common prefix returned. */
  c: 0 | 1;
  k: string;
}

export function encodeMarker(m: Marker): string {
  return urlsafeBase64Encode(JSON.stringify(m));
}

export function decodeMarker(s: string): Marker {
  try {
    const m = JSON.parse(urlsafeBase64DecodeToString(s)) as Partial<Marker>;
    if (typeof m.k === "string" && (m.c === 0 || m.c === 1 || m.c === undefined)) return { c: m.c ?? 0, k: m.k };
  } catch {
    /* fall through */
  }
  throw new QiniuHttpError(640, "invalid marker");
}

/** Smallest string greater than every string that starts with `s` (undefined: none). */
export function prefixSuccessor(s: string): string | undefined {
  const chars = [...s];
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return chars.join("") + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return undefined;
}

type Entry = { kind: "item"; rec: ObjectRecord } | { kind: "prefix"; prefix: string };

export class Lister {
  private readonly stmts;

  constructor(db: Db) {
    // Separate statements per bound shape: an `(@hi IS NULL OR key < @hi)` clause would stop SQLite from using the
    // upper bound in the primary-key range scan, and a short prefix at the end of a big bucket would scan the rest.
    // Raw arrays: better-sqlite3 builds row objects slowly, and a page reads 1000 rows.
    const sql = (op: string, bounded: boolean) =>
      db
        .prepare(
          `SELECT ${ROW_COLUMNS.join(", ")} FROM objects WHERE bucket = @bucket AND key ${op} @lo ${bounded ? "AND key < @hi" : ""}
           AND (expire_at IS NULL OR expire_at > @now) ORDER BY key LIMIT @n`,
        )
        .raw(true);
    this.stmts = { strict: sql(">", false), inclusive: sql(">=", false), strictHi: sql(">", true), inclusiveHi: sql(">=", true) };
  }

  /** Rows in key order, pulled lazily: a caller that stops early (delimiter jump) reads no more than it uses. */
  private *rows(bucket: string, lo: string, inclusive: boolean, hi: string | undefined, now: number, n: number): Generator<ObjectRow> {
    const s = this.stmts;
    const stmt = hi === undefined ? (inclusive ? s.inclusive : s.strict) : inclusive ? s.inclusiveHi : s.strictHi;
    const params = hi === undefined ? { bucket, lo, now, n } : { bucket, lo, hi, now, n };
    for (const values of stmt.iterate(params) as IterableIterator<unknown[]>) yield rowFromValues(values);
  }

  list(q: ListQuery, now: number): ListPage {
    const hi = q.prefix ? prefixSuccessor(q.prefix) : undefined;
    let lo = q.prefix;
    let inclusive = true;
    if (q.marker) {
      const m = decodeMarker(q.marker);
      const after = m.c === 1 ? prefixSuccessor(m.k) : m.k;
      if (after === undefined) return { items: [], commonPrefixes: [] };
      // Byte order, like the database (JS string comparison is UTF-16 order).
      if (Buffer.compare(Buffer.from(after), Buffer.from(lo)) >= 0) {
        lo = after;
        inclusive = m.c === 1;
      }
    }
    const want = q.limit + 1;
    const entries: Entry[] = [];
    while (entries.length < want) {
      const n = want - entries.length;
      let seen = 0;
      let jumped = false;
      for (const row of this.rows(q.bucket, lo, inclusive, hi, now, n)) {
        seen++;
        const rest = row.key.slice(q.prefix.length);
        const cut = q.delimiter ? rest.indexOf(q.delimiter) : -1;
        if (cut < 0) {
          entries.push({ kind: "item", rec: rowToRecord(row, now) });
          lo = row.key;
          inclusive = false;
          continue;
        }
        const prefix = q.prefix + rest.slice(0, cut + q.delimiter.length);
        entries.push({ kind: "prefix", prefix });
        const next = prefixSuccessor(prefix);
        if (next === undefined) return this.page(entries.slice(0, q.limit), false);
        lo = next;
        inclusive = true;
        jumped = true;
        break; // ends the iteration (and the statement) early
      }
      if (!jumped && seen < n) break;
    }
    return this.page(entries.slice(0, q.limit), entries.length > q.limit);
  }

  private page(entries: Entry[], more: boolean): ListPage {
    const page: ListPage = { items: [], commonPrefixes: [] };
    for (const e of entries) {
      if (e.kind === "item") page.items.push(e.rec);
      else page.commonPrefixes.push(e.prefix);
    }
    const last = entries[entries.length - 1];
    if (more && last) page.marker = encodeMarker(last.kind === "item" ? { c: 0, k: last.rec.key } : { c: 1, k: last.prefix });
    return page;
  }
}
