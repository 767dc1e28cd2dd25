// Object rows as stored, the live view of them (lifecycle applied) and their JSON shapes in stat and list answers
// (docs/qiniu-protocol.md §8).
import { MAX_KEY_BYTES } from "@/lib/qiniu/entry";
import { badRequest } from "./http";
import type { ObjectInfo } from "./types";

export interface ObjectRow {
  bucket: string;
  key: string;
  fsize: number;
  hash: string;
  md5: string;
  mime: string;
  put_time: number;
  type: number;
  status: number;
  end_user: string | null;
  meta: string | null;
  parts: string | null;
  expire_at: number | null;
  to_ia_at: number | null;
  to_archive_ir_at: number | null;
  to_archive_at: number | null;
  to_deep_archive_at: number | null;
  restore_ready_at: number | null;
  restore_until: number | null;
}

/** Column order of ObjectRow, for raw (array) queries. */
export const ROW_COLUMNS = [
  "bucket",
  "key",
  "fsize",
  "hash",
  "md5",
  "mime",
  "put_time",
  "type",
  "status",
  "end_user",
  "meta",
  "parts",
  "expire_at",
  "to_ia_at",
  "to_archive_ir_at",
  "to_archive_at",
  "to_deep_archive_at",
  "restore_ready_at",
  "restore_until",
] as const;

export function rowFromValues(v: unknown[]): ObjectRow {
  return {
    bucket: v[0] as string,
    key: v[1] as string,
    fsize: v[2] as number,
    hash: v[3] as string,
    md5: v[4] as string,
    mime: v[5] as string,
    put_time: v[6] as number,
    type: v[7] as number,
    status: v[8] as number,
    end_user: v[9] as string | null,
    meta: v[10] as string | null,
    parts: v[11] as string | null,
    expire_at: v[12] as number | null,
    to_ia_at: v[13] as number | null,
    to_archive_ir_at: v[14] as number | null,
    to_archive_at: v[15] as number | null,
    to_deep_archive_at: v[16] as number | null,
    restore_ready_at: v[17] as number | null,
    restore_until: v[18] as number | null,
  };
}

export const STORAGE_TYPES = { standard: 0, ia: 1, archive: 2, deepArchive: 3, archiveIr: 4, intelligentTiering: 5 } as const;

/** Storage classes that must be restored (restoreAr) before they can be read. */
export const needsRestore = (type: number) => type === STORAGE_TYPES.archive || type === STORAGE_TYPES.deepArchive;

export interface ObjectRecord extends ObjectInfo {
  parts?: number[];
  /** unix ms */
  expireAt?: number;
  transitions: { ia?: number; archiveIr?: number; archive?: number; deepArchive?: number };
  /** 1 restoring, 2 restored (readable) */
  restoreStatus?: 1 | 2;
}

// Colder classes win when two transitions are due at the same time.
const COLDNESS: Record<number, number> = { 0: 0, 5: 0, 1: 1, 4: 2, 2: 3, 3: 4 };

/** The storage class in effect at `now`: the stored one, or the latest lifecycle transition that is due. */
export function effectiveType(row: ObjectRow, now: number): number {
  let type = row.type;
  let at = -Infinity;
  const due: [number | null, number][] = [
    [row.to_ia_at, STORAGE_TYPES.ia],
    [row.to_archive_ir_at, STORAGE_TYPES.archiveIr],
    [row.to_archive_at, STORAGE_TYPES.archive],
    [row.to_deep_archive_at, STORAGE_TYPES.deepArchive],
  ];
  for (const [when, t] of due) {
    if (when === null || when > now) continue;
    if (when > at || (when === at && COLDNESS[t] > COLDNESS[type])) {
      at = when;
      type = t;
    }
  }
  return type;
}

export function rowToRecord(row: ObjectRow, now: number): ObjectRecord {
  const type = effectiveType(row, now);
  let restoreStatus: 1 | 2 | undefined;
  if (needsRestore(type) && row.restore_ready_at !== null && (row.restore_until === null || row.restore_until > now)) {
    restoreStatus = row.restore_ready_at <= now ? 2 : 1;
  }
  const opt = (v: number | null) => (v === null ? undefined : v);
  return {
    bucket: row.bucket,
    key: row.key,
    fsize: row.fsize,
    hash: row.hash,
    md5: row.md5,
    mimeType: row.mime,
    putTime: row.put_time,
    type,
    status: row.status,
    endUser: row.end_user ?? undefined,
    meta: row.meta ? (JSON.parse(row.meta) as Record<string, string>) : undefined,
    parts: row.parts ? (JSON.parse(row.parts) as number[]) : undefined,
    expireAt: opt(row.expire_at),
    transitions: {
      ia: opt(row.to_ia_at),
      archiveIr: opt(row.to_archive_ir_at),
      archive: opt(row.to_archive_at),
      deepArchive: opt(row.to_deep_archive_at),
    },
    restoreStatus,
  };
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.floor(ms / 1000));

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** `stat` answer. */
export function statBody(rec: ObjectRecord, needParts: boolean): Record<string, unknown> {
  return withoutUndefined({
    fsize: rec.fsize,
    hash: rec.hash,
    mimeType: rec.mimeType,
    putTime: rec.putTime,
    type: rec.type,
    endUser: rec.endUser,
    status: rec.status === 1 ? 1 : undefined,
    md5: rec.md5,
    restoreStatus: rec.restoreStatus,
    expiration: seconds(rec.expireAt),
    transitionToIA: seconds(rec.transitions.ia),
    transitionToArchiveIR: seconds(rec.transitions.archiveIr),
    transitionToARCHIVE: seconds(rec.transitions.archive),
    transitionToDeepArchive: seconds(rec.transitions.deepArchive),
    "x-qn-meta": rec.meta,
    parts: needParts ? (rec.parts ?? [rec.fsize]) : undefined,
  });
}

/** One `items[]` entry of list v1 (built field by field: no `delete`, which makes objects slow to serialise). */
export function listItem(rec: ObjectRecord, needParts: boolean): Record<string, unknown> {
  const item: Record<string, unknown> = {
    key: rec.key,
    hash: rec.hash,
    fsize: rec.fsize,
    mimeType: rec.mimeType,
    putTime: rec.putTime,
    type: rec.type,
  };
  if (rec.status === 1) item.status = 1;
  if (rec.endUser !== undefined) item.endUser = rec.endUser;
  item.md5 = rec.md5;
  if (rec.restoreStatus !== undefined) item.restoreStatus = rec.restoreStatus;
  if (rec.meta !== undefined) item["x-qn-meta"] = rec.meta;
  if (needParts) item.parts = rec.parts ?? [rec.fsize];
  return item;
}

/** Qiniu's own key rule: at most 750 UTF-8 bytes. The empty string is a valid key (scope `bkt:` with key ""). */
export function checkObjectKey(key: string): void {
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes > MAX_KEY_BYTES) throw badRequest(`key is ${bytes} bytes long; at most ${MAX_KEY_BYTES} are allowed`);
  // With the u flag only lone surrogates match (a pair is one code point).
  if (/[\uD800-\uDFFF]/u.test(key)) throw badRequest("key must be valid UTF-8");
}
