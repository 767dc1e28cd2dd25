// Resumable upload v1 (docs/qiniu-protocol.md §7.2): mkblk / bput / mkfile with `Authorization: UpToken`.
// ctx = b64u("<blockId>:<bytes written>"): a stale or foreign ctx gives 701, and the SDKs then restart the block.
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { crc32 } from "node:zlib";
import { BLOCK_SIZE } from "@/lib/qiniu/etag";
import { etagOfFile } from "@/lib/qiniu/etag-node";
import { urlsafeBase64DecodeToString, urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { upTokenFromHeader } from "../auth";
import { regionalUploadToken } from "../regions";
import type { RequestCtx } from "../core";
import { badRequest, decodeSegment, QiniuHttpError, readBody, sendJson } from "../http";
import type { BlockRow } from "../resumable";
import { completeUpload } from "../upload";
import { sendUploadAnswer } from "./up-form";

const ctxInvalid = () => new QiniuHttpError(701, "invalid ctx or ctx expired");

function encodeCtx(row: BlockRow): string {
  return urlsafeBase64Encode(`${row.id}:${row.written}`);
}

function decodeCtx(ctx: string): { id: string; written: number } {
  try {
    const [id, written] = urlsafeBase64DecodeToString(ctx.trim()).split(":");
    if (!id || !/^\d+$/.test(written ?? "")) throw new Error();
    return { id, written: Number(written) };
  } catch {
    throw ctxInvalid();
  }
}

function blockAnswer(rc: RequestCtx, row: BlockRow, chunk: Buffer): void {
  sendJson(rc.res, 200, {
    ctx: encodeCtx(row),
    checksum: urlsafeBase64Encode(new Uint8Array(createHash("sha1").update(chunk).digest())),
    crc32: crc32(chunk) >>> 0,
    offset: row.written,
    host: rc.core.ctx.endpoints.up,
    expired_at: Math.floor(row.expires_at / 1000),
  });
}

/** `POST /mkblk/<blockSize>`: starts a block with its first chunk. */
export async function mkblk(rc: RequestCtx): Promise<void> {
  regionalUploadToken(rc, upTokenFromHeader(rc.req));
  const raw = rc.segs[1] ?? "";
  const size = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(size > 0 && size <= BLOCK_SIZE)) throw badRequest("invalid block size");
  const chunk = await readBody(rc.req, size);
  const { resumable } = rc.core;
  const row = await resumable.writeBlock(resumable.newBlockId(), size, 0, chunk, rc.core.now());
  blockAnswer(rc, row, chunk);
}

/** `POST /bput/<ctx>/<offset>`: appends the next chunk of a block. */
export async function bput(rc: RequestCtx): Promise<void> {
  regionalUploadToken(rc, upTokenFromHeader(rc.req));
  const { id, written } = decodeCtx(decodeSegment(rc.segs[1] ?? ""));
  const offset = Number(rc.segs[2]);
  const row = rc.core.resumable.block(id);
  if (!row || row.written !== written || offset !== written || row.expires_at <= rc.core.now()) {
    rc.req.resume();
    throw ctxInvalid();
  }
  const chunk = await readBody(rc.req, row.size - row.written);
  const next = await rc.core.resumable.writeBlock(id, row.size, offset, chunk, rc.core.now());
  blockAnswer(rc, next, chunk);
}

/** `POST /mkfile/<size>[/key/<b64>][/fname/<b64>][/mimeType/<b64>][/x:<n>/<b64>][/x-qn-meta-<n>/<b64>]`, body = ctx list. */
export async function mkfile(rc: RequestCtx): Promise<void> {
  const token = regionalUploadToken(rc, upTokenFromHeader(rc.req));
  // Empty segments count here: `/key/` + b64("") is the empty key, and dropping it would shift the pairs after it.
  const segs = rc.rawPath.split("/").slice(1);
  if (segs.length > 2 && segs[segs.length - 1] === "" && segs.length % 2 === 1) segs.pop();
  const rawSize = segs[1] ?? "";
  if (!/^\d+$/.test(rawSize)) throw badRequest("invalid file size");
  const fileSize = Number(rawSize);
  const args = segs.slice(2);
  if (args.length % 2 !== 0) throw badRequest();
  let clientKey: string | undefined;
  let fname = "";
  let mimeType: string | undefined;
  const customVars: Record<string, string> = {};
  const meta: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = decodeSegment(args[i]);
    let value: string;
    try {
      value = urlsafeBase64DecodeToString(decodeSegment(args[i + 1]));
    } catch {
      throw badRequest(`invalid base64 for ${name}`);
    }
    if (name === "key") clientKey = value;
    else if (name === "fname") fname = value;
    else if (name === "mimeType") mimeType = value;
    else if (name.startsWith("x:")) customVars[name] = value;
    else if (name.toLowerCase().startsWith("x-qn-meta-")) meta[name.slice("x-qn-meta-".length)] = value;
  }
  const body = (await readBody(rc.req, 1024 * 1024)).toString("utf8").trim();
  const ctxs = body === "" ? [] : body.split(",").map((c) => c.trim());
  const { resumable } = rc.core;
  const now = rc.core.now();
  const blocks = ctxs.map((c) => {
    const { id, written } = decodeCtx(c);
    const row = resumable.block(id);
    if (!row || row.written !== written || row.written !== row.size || row.expires_at <= now) throw ctxInvalid();
    return row;
  });
  const total = blocks.reduce((n, b) => n + b.size, 0);
  if (total !== fileSize) throw badRequest(`file size ${fileSize} does not match the blocks (${total} bytes)`);
  const tmp = rc.core.store.tempPath();
  try {
    const whole = await resumable.concatenate(
      blocks.map((b) => ({ path: resumable.blockPath(b.id), size: b.size })),
      tmp,
    );
    const digest = { ...whole, etag: await etagOfFile(tmp) };
    const answer = await completeUpload(rc.core, {
      token,
      kind: "resumable",
      clientKey,
      fname,
      clientMime: mimeType,
      customVars,
      meta,
      tmpPath: tmp,
      digest,
    });
    resumable.deleteBlocks(blocks.map((b) => b.id));
    sendUploadAnswer(rc, answer);
  } finally {
    await rm(tmp, { force: true });
  }
}
