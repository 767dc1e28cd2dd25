// rs object operations (docs/qiniu-protocol.md §8), shared by the single-op routes and batch. Synchronous: each runs
// inside one SQLite transaction (Store.inTransaction) and never leaves a half-applied change.
import { urlsafeBase64DecodeToString } from "@/lib/qiniu/base64";
import type { Core } from "./core";
import { badRequest, decodeSegment, fileExists, noSuchBucket, noSuchFile, QiniuHttpError, toHttpError } from "./http";
import { checkObjectKey, needsRestore, statBody, type ObjectRecord, type ObjectRow } from "./records";
import { keyedEntry, type Entry } from "./routes/common";

export interface OpResult {
  code: number;
  data?: unknown;
}

export const OBJECT_OPS = ["stat", "copy", "move", "delete", "chgm", "chtype", "chstatus", "deleteAfterDays", "lifecycle", "restoreAr"];

function b64Text(seg: string): string {
  try {
    return urlsafeBase64DecodeToString(decodeSegment(seg));
  } catch {
    throw badRequest("invalid base64 argument");
  }
}

function intArg(seg: string | undefined, min: number, max: number): number {
  if (seg === undefined || !/^-?\d+$/.test(seg)) throw badRequest();
  const n = Number(seg);
  if (n < min || n > max) throw badRequest();
  return n;
}

/** `/name/value` pairs after the entry. */
function pairs(segs: string[], from: number): [string, string][] {
  const rest = segs.slice(from);
  if (rest.length % 2 !== 0) throw badRequest();
  const out: [string, string][] = [];
  for (let i = 0; i < rest.length; i += 2) out.push([decodeSegment(rest[i]), rest[i + 1]]);
  return out;
}

/** `cond/<b64u "hash=…&mime=…&fsize=…&putTime=…">`: every given field must match, else 608. */
function checkCond(rec: ObjectRecord, encoded: string | undefined): void {
  if (encoded === undefined) return;
  const cond = new URLSearchParams(b64Text(encoded));
  const actual: Record<string, string> = { hash: rec.hash, mime: rec.mimeType, fsize: String(rec.fsize), putTime: String(rec.putTime) };
  for (const [k, v] of cond) if (k in actual && actual[k] !== v) throw new QiniuHttpError(608, "file modified");
}

export class ObjectOps {
  constructor(
    private readonly core: Core,
    /** Throws when the listener may not serve this (existing) bucket: another region's (regions.ts). */
    private readonly checkBucket: (bucket: string) => void = () => undefined,
  ) {}

  private live(e: Entry & { key: string }): { rec: ObjectRecord; row: ObjectRow } {
    const { store } = this.core;
    if (!store.bucketExists(e.bucket)) throw noSuchBucket();
    this.checkBucket(e.bucket);
    const found = store.live(e.bucket, e.key);
    if (!found) throw noSuchFile();
    return found;
  }

  /** Runs one op given as path segments (`["stat", "<Entry>"]`); errors become `{code, data:{error}}`. */
  run(segs: string[], needParts = false): OpResult {
    try {
      // Reads need no savepoint; changes run in their own (nested) transaction.
      if (segs[0] === "stat") return this.execute(segs, needParts);
      return this.core.store.inTransaction(() => this.execute(segs, needParts));
    } catch (err) {
      const e = toHttpError(err);
      if (e.status === 599) this.core.log(`op ${segs[0]} failed: ${(err as Error).stack ?? String(err)}`);
      return { code: e.status, data: { error: e.message } };
    }
  }

  private execute(segs: string[], needParts: boolean): OpResult {
    const [op, entrySeg] = segs;
    switch (op) {
      case "stat": {
        const { rec } = this.live(keyedEntry(entrySeg));
        return { code: 200, data: statBody(rec, needParts) };
      }
      case "copy":
      case "move":
        this.copy(segs, op === "move");
        return { code: 200 };
      case "delete":
        this.core.store.removeRow(this.live(keyedEntry(entrySeg)).row);
        return { code: 200 };
      case "chgm":
        this.chgm(segs);
        return { code: 200 };
      case "chtype":
      case "chstatus":
      case "deleteAfterDays":
      case "lifecycle":
      case "restoreAr":
        this.update(op, segs);
        return { code: 200 };
      default:
        throw new QiniuHttpError(400, `unknown op ${op ?? ""}`);
    }
  }

  private copy(segs: string[], move: boolean): void {
    const src = keyedEntry(segs[1]);
    const dst = keyedEntry(segs[2]);
    const opts = pairs(segs, 3);
    const forceSeg = opts.find(([k]) => k === "force")?.[1];
    const force = forceSeg === "true" || forceSeg === "1";
    const { store } = this.core;
    const { row } = this.live(src);
    if (!store.bucketExists(dst.bucket)) throw noSuchBucket();
    this.checkBucket(dst.bucket);
    checkObjectKey(dst.key);
    if (src.bucket === dst.bucket && src.key === dst.key) return;
    const existing = store.record(dst.bucket, dst.key);
    if (existing && !force) throw fileExists();
    const copy: ObjectRow = { ...row, bucket: dst.bucket, key: dst.key };
    if (!move) {
      Object.assign(copy, {
        put_time: this.core.now() * 10000,
        status: 0,
        expire_at: null,
        to_ia_at: null,
        to_archive_ir_at: null,
        to_archive_at: null,
        to_deep_archive_at: null,
        restore_ready_at: null,
        restore_until: null,
      });
    }
    store.writeRow(copy);
    if (move) store.removeRow(row);
    if (existing && existing.hash !== row.hash) store.releaseBlob(existing.hash);
  }

  private chgm(segs: string[]): void {
    const e = keyedEntry(segs[1]);
    const { rec, row } = this.live(e);
    const meta: Record<string, string> = { ...(rec.meta ?? {}) };
    let mime = row.mime;
    let cond: string | undefined;
    for (const [name, value] of pairs(segs, 2)) {
      if (name === "mime") {
        mime = b64Text(value);
        if (!mime || !/^[\w.+-]+\/[\w.+-]+/.test(mime)) throw badRequest("invalid mime type");
      } else if (name.toLowerCase().startsWith("x-qn-meta-")) {
        const metaName = name.slice("x-qn-meta-".length);
        const v = b64Text(value);
        if (v === "") delete meta[metaName];
        else meta[metaName] = v;
      } else if (name === "cond") cond = value;
      else throw badRequest(`unknown chgm argument ${name}`);
    }
    checkCond(rec, cond);
    this.core.store.writeRow({ ...row, mime, meta: Object.keys(meta).length ? JSON.stringify(meta) : null });
  }

  private update(op: string, segs: string[]): void {
    const e = keyedEntry(segs[1]);
    const { rec, row } = this.live(e);
    const next: ObjectRow = { ...row };
    const now = this.core.now();
    const day = this.core.dayMs;
    const putMs = Math.floor(row.put_time / 10000);
    if (op === "deleteAfterDays") {
      const days = intArg(segs[2], 0, 36500);
      next.expire_at = days === 0 ? null : putMs + days * day;
    } else {
      const args = pairs(segs, 2);
      const arg = (name: string) => args.find(([k]) => k === name)?.[1];
      checkCond(rec, arg("cond"));
      if (op === "chtype") {
        next.type = intArg(arg("type"), 0, 5);
        // An explicit class change overrides transitions that have already happened.
        for (const f of ["to_ia_at", "to_archive_ir_at", "to_archive_at", "to_deep_archive_at"] as const) {
          if (next[f] !== null && next[f]! <= now) next[f] = null;
        }
        if (!needsRestore(next.type)) next.restore_ready_at = next.restore_until = null;
      } else if (op === "chstatus") {
        next.status = intArg(arg("status"), 0, 1);
        // Qiniu refuses a change to the state the object is already in (developer.qiniu.com/kodo/api/4173).
        if (next.status === rec.status) throw badRequest(next.status === 1 ? "already disabled" : "already enabled");
      } else if (op === "lifecycle") {
        const fields = {
          toIAAfterDays: "to_ia_at",
          toArchiveIRAfterDays: "to_archive_ir_at",
          toArchiveAfterDays: "to_archive_at",
          toDeepArchiveAfterDays: "to_deep_archive_at",
          deleteAfterDays: "expire_at",
        } as const;
        // Own properties only: `constructor`, `toString`… are in every object literal.
        for (const [name] of args) if (name !== "cond" && !Object.hasOwn(fields, name)) throw badRequest(`unknown lifecycle argument ${name}`);
        for (const [name, column] of Object.entries(fields)) {
          const raw = arg(name);
          if (raw === undefined) continue;
          const days = intArg(raw, -1, 36500);
          if (days === -1) next[column] = null;
          else if (days > 0) next[column] = putMs + days * day;
        }
      } else if (op === "restoreAr") {
        const days = intArg(arg("freezeAfterDays"), 1, 7);
        if (!needsRestore(rec.type)) throw badRequest("the file is not in archive storage");
        if (rec.restoreStatus !== 1) {
          const ready = rec.restoreStatus === 2 ? now : now + this.core.options.restoreSeconds * 1000;
          next.restore_ready_at = ready;
          next.restore_until = ready + days * day;
        }
      }
    }
    this.core.store.writeRow(next);
  }
}

/** Splits one batch op (`/stat/<Entry>` or `stat/<Entry>`, maybe `?needparts=true`) into segments. */
export function opSegments(op: string): { segs: string[]; needParts: boolean } {
  const q = op.indexOf("?");
  const pathPart = q >= 0 ? op.slice(0, q) : op;
  const needParts = q >= 0 && new URLSearchParams(op.slice(q + 1)).get("needparts") === "true";
  const parts = pathPart.split("/");
  if (parts[0] === "") parts.shift();
  // chgm's values may be empty (`/x-qn-meta-<name>/` with nothing after it removes the name): keep its empty segments.
  return { segs: parts[0] === "chgm" ? parts : parts.filter((s) => s !== ""), needParts };
}
