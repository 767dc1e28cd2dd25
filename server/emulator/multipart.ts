// multipart/form-data for form uploads (docs/qiniu-protocol.md §7.1), parsed with busboy. The `file` part streams to a temp
// file while it is hashed (etag, MD5, CRC32), so memory stays bounded; the whole form is read before anything is
// validated, because clients order the fields differently (§0 item 6).
import busboy from "busboy";
import { createWriteStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ContentHasher, digestBuffer, type ContentDigest } from "./hashing";
import { badRequest, QiniuHttpError } from "./http";

export interface UploadedFile {
  tmpPath: string;
  filename: string;
  mimeType?: string;
  digest: ContentDigest;
}

export interface ParsedForm {
  /** Text fields; a repeated name keeps its last value. */
  fields: Map<string, string>;
  file?: UploadedFile;
}

const LIMITS = {
  fieldNameSize: 1024,
  fieldSize: 4 * 1024 * 1024,
  fields: 1000,
  files: 1,
  parts: 1100,
  fileSize: 1024 ** 4,
};

export function hashingStream(hasher: ContentHasher): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hasher.update(chunk);
      cb(null, chunk);
    },
  });
}

export interface MultipartOptions {
  /**
   * Byte limit for the file, decided from the fields that came before it (e.g. fsizeLimit of a token sent first).
   * Past it the rest of the file is drained without being written, and parsing fails with 413.
   */
  fileLimit?: (fieldsSoFar: Map<string, string>) => number | undefined;
}

export function parseMultipart(req: IncomingMessage, tempPath: () => string, opts: MultipartOptions = {}): Promise<ParsedForm> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: LIMITS, defParamCharset: "utf8" });
    } catch {
      req.resume();
      reject(badRequest("expected a multipart/form-data body"));
      return;
    }
    const fields = new Map<string, string>();
    let file: UploadedFile | undefined;
    let fileWrite: Promise<void> | undefined;
    let tmp: string | undefined;
    let fileStream: Readable | undefined;
    let failure: QiniuHttpError | undefined;
    let settled = false;

    const finish = async (err?: QiniuHttpError) => {
      if (settled) return;
      settled = true;
      try {
        if (!err && fileWrite) await fileWrite;
      } catch {
        err = failure ?? badRequest("upload interrupted");
      }
      err ??= failure;
      if (err) {
        req.unpipe(bb);
        req.resume();
        fileStream?.destroy();
        if (fileWrite) await fileWrite.catch(() => undefined);
        if (tmp) await rm(tmp, { force: true });
        reject(err);
      } else resolve({ fields, file });
    };

    bb.on("field", (name: string | undefined, value, info) => {
      // A part whose Content-Disposition has no name arrives with name undefined.
      if (typeof name !== "string") failure ??= badRequest("malformed multipart body: a form part has no name");
      else if (info.nameTruncated || info.valueTruncated) failure ??= new QiniuHttpError(413, `form field ${name.slice(0, 64)} too large`);
      else if (name === "file" && !file) {
        // A `file` part sent without a filename arrives as a field.
        tmp = tempPath();
        const data = Buffer.from(value, "utf8");
        file = { tmpPath: tmp, filename: "", digest: digestBuffer(data) };
        fileWrite = writeFile(tmp, data);
      } else fields.set(name, value);
    });
    bb.on("file", (name: string | undefined, stream: Readable, info) => {
      if (name !== "file" || file) {
        stream.resume();
        return;
      }
      tmp = tempPath();
      fileStream = stream;
      const hasher = new ContentHasher();
      const target = tmp;
      const entry: UploadedFile = { tmpPath: target, filename: info.filename ?? "", mimeType: info.mimeType, digest: undefined! };
      file = entry;
      stream.on("limit", () => (failure ??= new QiniuHttpError(413, "file too large")));
      const limit = opts.fileLimit?.(fields);
      const sink =
        limit === undefined
          ? hashingStream(hasher)
          : new Transform({
              transform(chunk: Buffer, _enc, cb) {
                if (hasher.bytes + chunk.length > limit) {
                  failure ??= new QiniuHttpError(413, "file size exceeds fsizeLimit");
                  return cb(); // keep draining the request, write nothing more
                }
                hasher.update(chunk);
                cb(null, chunk);
              },
            });
      fileWrite = pipeline(stream, sink, createWriteStream(target)).then(() => {
        entry.digest = hasher.digest();
      });
      fileWrite.catch(() => finish(failure ?? badRequest("malformed multipart body")));
    });
    bb.on("filesLimit", () => (failure ??= badRequest("only one file per upload")));
    bb.on("fieldsLimit", () => (failure ??= badRequest("too many form fields")));
    bb.on("partsLimit", () => (failure ??= badRequest("too many form parts")));
    bb.on("error", (e: Error) => finish(badRequest(`malformed multipart body: ${e.message}`)));
    bb.on("close", () => finish());
    req.on("aborted", () => finish(badRequest("request body truncated")));
    req.pipe(bb);
  });
}
