import "server-only";
import { NextRequest } from "next/server";

// Request bodies that arrive before anyone is authenticated (Qiniu's callbacks, the login endpoints) are read through
// here. `req.text()` buffers whatever the client sends, and a chunked body has no Content-Length to refuse up front:
// one large POST would grow the process by several times its size. This reads at most `limit` bytes and then cancels
// the stream, so the rest is never pulled off the socket (Node then drops the connection instead of draining it).

/**
 * The cap for unauthenticated bodies. An upload callback from our template is at most ~10 KiB (three keys of up to
 * 750 bytes, percent-encoded), a pfop notification a few KiB, a login form well under 4 KiB.
 */
export const UNAUTHENTICATED_BODY_LIMIT = 64 * 1024;

/** The body's bytes, or null when it is longer than `limit` (declared or streamed); nothing past the limit is read. */
export async function readBodyWithin(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = req.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= limit)) {
    await req.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel("request body too large").catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** The same, decoded as UTF-8 (invalid sequences replaced, as `Request.text()` does). */
export async function readTextWithin(req: Request, limit: number): Promise<string | null> {
  const bytes = await readBodyWithin(req, limit);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/**
 * `req` with its body read within `limit` and held in memory, for handlers that read the body themselves (next-auth's
 * `req.json()` / `req.text()`); null when the body is too large. Requests without a body are returned as they are.
 */
export async function withBodyWithin(req: NextRequest, limit: number): Promise<NextRequest | null> {
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return req;
  const body = await readBodyWithin(req, limit);
  if (body === null) return null;
  return new NextRequest(req.url, { method: req.method, headers: req.headers, body });
}
