// HTTP plumbing shared by every service: request ids, JSON answers, Qiniu error bodies, CORS, bounded body reads.
// Rules from docs/qiniu-protocol.md §0: X-Reqid on every response, JSON bodies, 200 means success, CORS for qiniu-js.
import { randomBytes } from "node:crypto";
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { QiniuInputError } from "@/lib/qiniu/errors";

/** A failure answered as `{"error": message}` with a Qiniu status code. */
export class QiniuHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra headers (e.g. Allow). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "QiniuHttpError";
  }
}

export const badRequest = (msg = "invalid argument") => new QiniuHttpError(400, msg);
export const unauthorized = (msg = "bad token") => new QiniuHttpError(401, msg);
export const forbidden = (msg: string) => new QiniuHttpError(403, msg);
export const noSuchFile = () => new QiniuHttpError(612, "no such file or directory");
export const noSuchBucket = () => new QiniuHttpError(631, "no such bucket");
export const fileExists = () => new QiniuHttpError(614, "file exists");

/** Converts anything thrown inside a handler into an HTTP error (bad base64, bad keys → 400). */
export function toHttpError(err: unknown): QiniuHttpError {
  if (err instanceof QiniuHttpError) return err;
  if (err instanceof QiniuInputError) return badRequest(err.message);
  return new QiniuHttpError(599, "internal emulator error");
}

export function newReqId(): string {
  // Qiniu request ids are opaque printable strings of ~16 characters.
  return randomBytes(12).toString("base64url");
}

const CORS_ALLOW_HEADERS = ["Authorization", "Content-Type", "Content-MD5", "Range", "X-Qiniu-Date", "X-Qiniu-Content-Sha256", "X-Qiniu-Mtime", "X-Reqid"];

/** Common headers, set before any handler runs (docs/qiniu-protocol.md §0 items 1 and 9). */
export function prepareResponse(req: IncomingMessage, res: ServerResponse): string {
  const reqId = newReqId();
  res.setHeader("X-Reqid", reqId);
  res.setHeader("X-Log", "emulator");
  const origin = req.headers.origin;
  res.setHeader("Access-Control-Allow-Origin", typeof origin === "string" && origin ? origin : "*");
  if (origin) res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
  const requested = req.headers["access-control-request-headers"];
  const extra =
    typeof requested === "string"
      ? requested
          .split(",")
          .map((h) => h.trim())
          .filter((h) => /^x-qiniu-/i.test(h))
      : [];
  res.setHeader("Access-Control-Allow-Headers", [...CORS_ALLOW_HEADERS, ...extra].join(", "));
  res.setHeader("Access-Control-Expose-Headers", "X-Reqid, X-Log, ETag, Content-Length, Content-Range");
  res.setHeader("Access-Control-Max-Age", "86400");
  return reqId;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), headers);
}

/** Sends an already-rendered body (returnBody, callback response) as JSON. */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const buf = Buffer.from(text, "utf8");
  res.statusCode = status;
  res.setHeader("Content-Type", headers["Content-Type"] ?? "application/json");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Length", String(buf.length));
  for (const [k, v] of Object.entries(headers)) if (k !== "Content-Type") res.setHeader(k, v);
  res.end(buf);
}

export function sendError(res: ServerResponse, err: QiniuHttpError): void {
  sendJson(res, err.status, { error: err.message }, err.headers);
}

/** Single-op success: the SDKs accept `{}` (and Python's helpers expect it, seed document). */
export function sendOk(res: ServerResponse): void {
  sendJson(res, 200, {});
}

/** Reads the whole body, failing with 413 beyond `limit` bytes and 400 when the client gives up mid-body. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: QiniuHttpError) => {
      if (done) return;
      done = true;
      req.resume();
      reject(err);
    };
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) return fail(new QiniuHttpError(413, "request body too large"));
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on("aborted", () => fail(badRequest("request body truncated")));
    req.on("error", () => fail(badRequest("request body truncated")));
  });
}

/**
 * Reads and discards what is left of a request body before an early answer (an error decided before the body was read).
 * Answering while the client is still sending makes Node close the connection, and the client then sees a reset instead
 * of the error. Bounded: past `maxBytes` or `timeoutMs` it gives up and the connection is closed after the answer.
 */
export function drainRequest(req: IncomingMessage, maxBytes = 16 * 1024 * 1024, timeoutMs = 10_000): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", done);
      req.off("close", done);
      req.off("error", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) done();
    };
    const timer = setTimeout(done, timeoutMs);
    req.on("data", onData);
    req.on("end", done);
    req.on("close", done);
    req.on("error", done);
    req.resume();
  });
}

const PARSER_STATUS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, "request header fields too large"],
  HPE_URI_TOO_LONG: [414, "request URI too long"],
};

/**
 * The server's `clientError` handler: bytes Node's HTTP parser refuses (a raw non-ASCII byte in the path, a bad header)
 * never reach dispatch. Node's default answers 400 and destroys the socket at once; a client still sending its body
 * (a 64 KiB mkfile) then gets ECONNRESET instead of the answer, because closing a socket with unread input makes the
 * kernel send a reset. So: answer, half-close, and read the rest of what the client sends (bounded) before closing.
 */
export function answerUnparsableRequest(err: NodeJS.ErrnoException, socket: Duplex, maxBytes = 16 * 1024 * 1024, timeoutMs = 10_000): void {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] = PARSER_STATUS[err.code ?? ""] ?? [400, "malformed HTTP request"];
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  let seen = 0;
  const close = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(close, timeoutMs);
  timer.unref?.();
  socket.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBytes) close();
  });
  socket.once("end", close);
  socket.once("error", close);
  socket.resume();
}

/** Content-Type without parameters, lower-cased; undefined when absent. */
export function mediaType(req: IncomingMessage): string | undefined {
  const ct = req.headers["content-type"];
  if (!ct) return undefined;
  return ct.split(";")[0].trim().toLowerCase();
}

/** Path segments of the raw path (still percent-encoded), without empty ones. */
export function rawSegments(rawPath: string): string[] {
  return rawPath.split("/").filter((s) => s !== "");
}

/** Decodes one percent-encoded path segment; 400 when malformed. */
export function decodeSegment(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    throw badRequest("malformed percent-encoding in path");
  }
}
