import "server-only";
import { QiniuError } from "@/lib/qiniu/errors";

// The start of an object as text, for the preview panel. The server reads it (with a short-lived link) so the
// browser needs no CORS on the download domain, and reads at most `maxBytes` whatever the object's size.

export interface ObjectText {
  text: string;
  truncated: boolean;
}

export class ObjectReadError extends Error {
  constructor(readonly status: number) {
    super(`download answered ${status}`);
    this.name = "ObjectReadError";
  }
}

/** Reads up to maxBytes + 1 bytes (the extra byte tells whether there is more when the server ignores Range). */
async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  const out = new Uint8Array(limit);
  let size = 0;
  const reader = body?.getReader();
  if (!reader) return out.subarray(0, 0);
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.byteLength, limit - size);
      out.set(value.subarray(0, take), size);
      size += take;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, size);
}

export async function readObjectStart(url: string, maxBytes: number, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ObjectText> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { Range: `bytes=0-${maxBytes - 1}` },
      signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
      cache: "no-store",
    });
  } catch (err) {
    // The same typed timeout as every other Qiniu call, so the panel says "did not answer within N s".
    if (timeout.aborted && !opts.signal?.aborted)
      throw new QiniuError({ status: 0, code: "timeout", message: `download did not answer within ${timeoutMs} ms`, timeoutMs });
    throw err;
  }
  if (res.status !== 200 && res.status !== 206) {
    await res.body?.cancel().catch(() => undefined);
    throw new ObjectReadError(res.status);
  }
  const bytes = await readAtMost(res.body, maxBytes + 1);
  const total = Number(/\/(\d+)\s*$/.exec(res.headers.get("content-range") ?? "")?.[1] ?? Number.NaN);
  const truncated = bytes.length > maxBytes || (Number.isFinite(total) && total > maxBytes);
  // stream: true drops a multi-byte character cut in half at the end instead of showing U+FFFD.
  const text = new TextDecoder("utf-8").decode(bytes.subarray(0, maxBytes), { stream: truncated });
  return { text, truncated };
}
