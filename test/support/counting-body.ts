// A request body that is produced only as it is read, counting what was pulled: proves a handler stops reading an
// oversized body instead of buffering all of it.
export interface CountingBody {
  stream: ReadableStream<Uint8Array>;
  /** Bytes handed to the reader so far. */
  pulled(): number;
  /** Whether the reader cancelled the stream. */
  cancelled(): boolean;
}

export function countingBody(totalBytes: number, chunkBytes = 16 * 1024, fill = 0x61): CountingBody {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= totalBytes) return controller.close();
        const n = Math.min(chunkBytes, totalBytes - pulled);
        pulled += n;
        controller.enqueue(new Uint8Array(n).fill(fill));
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

/** A POST whose body is `body.stream`, sent chunked (no Content-Length), as an attacker would. */
export function streamingPost(url: string, body: CountingBody, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: "POST", headers, body: body.stream, duplex: "half" } as RequestInit);
}
