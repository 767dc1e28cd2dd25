import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_SLOTS, TOKEN_BATCH, UploadQueue } from "@/lib/upload/engine/queue";
import type { TransferHandlers, TransferRequest } from "@/lib/upload/engine/transfer";
import type { Hasher } from "@/lib/upload/engine/hasher";
import type { IssuedToken, TokenRequestFile } from "@/lib/upload/token-contract";
import { buildObjectKey } from "@/lib/upload/keys";

const transport = { uphost: "127.0.0.1:1", upprotocol: "http" as const, chunkSizeMb: 4, partConcurrency: 3 };
const target = { bucket: "media", prefix: "in/", overwrite: false };
const flush = () => new Promise((r) => setTimeout(r, 0));

interface FakeTransfer {
  req: TransferRequest;
  h: TransferHandlers;
  stopped: boolean;
  aborted: boolean;
}

function harness(opts: { refuse?: (f: TokenRequestFile) => boolean; etag?: (f: File) => string; callback?: boolean } = {}) {
  const tokenCalls: TokenRequestFile[][] = [];
  const confirmCalls: { key: string; hash: string }[][] = [];
  const transfers: FakeTransfer[] = [];
  let tokenSeq = 0;
  const hasher: Hasher = { etag: async (f) => (opts.etag ? opts.etag(f) : `etag-of-${f.name}`), dispose() {} };
  const queue = new UploadQueue({
    callback: opts.callback ?? true,
    confirm: async (uploads) => {
      confirmCalls.push(uploads);
      return uploads.map((u) => ({ key: u.key, ok: !u.key.includes("bad"), message: u.key.includes("bad") ? "hashMismatch" : undefined }));
    },
    transport,
    hasher,
    tokens: async (files) => {
      tokenCalls.push(files);
      return files.map((f): IssuedToken => {
        const built = buildObjectKey(f.prefix, f.relativePath);
        if (!built.ok) return { id: f.id, ok: false, problem: built.problem };
        if (opts.refuse?.(f)) return { id: f.id, ok: false, problem: "outOfScope", key: built.key };
        return { id: f.id, ok: true, key: built.key, token: `tok-${++tokenSeq}`, expiresAt: Date.now() + 600_000, overwrite: false, overwriteDenied: false };
      });
    },
    start: async (req, _config, h) => {
      const t: FakeTransfer = { req, h, stopped: false, aborted: false };
      transfers.push(t);
      return {
        stop: () => void (t.stopped = true),
        abort: async () => void ((t.stopped = true), (t.aborted = true)),
      };
    },
  });
  const running = () => transfers.filter((t) => !t.stopped && !(t as { done?: boolean }).done);
  const finish = (t: FakeTransfer, hash = `etag-of-${t.req.file.name}`) => {
    (t as { done?: boolean }).done = true;
    t.h.onComplete({ recorded: true, key: t.req.key, hash, fsize: t.req.file.size, uploadId: "u1", recordedAt: "now" });
  };
  const snap = () => {
    queue.emit();
    return queue.getSnapshot();
  };
  return { queue, tokenCalls, confirmCalls, transfers, running, finish, snap };
}

const small = (name: string, size = 10) => ({ file: new File([new Uint8Array(size)], name), relativePath: `dir/${name}` });
let active: UploadQueue | undefined;
afterEach(() => active?.dispose());

describe("upload queue", () => {
  it("asks for tokens in batches, not one round trip per file", async () => {
    const h = harness();
    active = h.queue;
    h.queue.add(
      Array.from({ length: 450 }, (_, i) => small(`f${i}.txt`)),
      target,
    );
    await flush();
    expect(h.tokenCalls).toHaveLength(1);
    expect(h.tokenCalls[0]).toHaveLength(TOKEN_BATCH);
    expect(h.tokenCalls[0][0]).toMatchObject({ bucket: "media", prefix: "in/", relativePath: "dir/f0.txt", size: 10 });
    // Transfers finish; more tokens are fetched ahead of need, still in batches.
    for (let round = 0; round < 200 && h.snap().totals.finished < 450; round++) {
      for (const t of h.running()) h.finish(t);
      await flush();
    }
    const s = h.snap();
    expect(s.totals.done).toBe(450);
    expect(s.finished).toBe(true);
    expect(h.tokenCalls.length).toBeLessThanOrEqual(4);
    expect(h.tokenCalls.flat()).toHaveLength(450);
  });

  it("keeps several files in flight but never more than its slots; a resumable file weighs its parts", async () => {
    const h = harness();
    active = h.queue;
    h.queue.add(
      Array.from({ length: 20 }, (_, i) => small(`s${i}`)),
      target,
    );
    await flush();
    await flush();
    expect(h.running()).toHaveLength(MAX_SLOTS);
    const h2 = harness();
    h2.queue.add([small("big1", 5 * 1024 * 1024), small("big2", 5 * 1024 * 1024), small("big3", 5 * 1024 * 1024)], target);
    await flush();
    await flush();
    expect(h2.running()).toHaveLength(Math.floor(MAX_SLOTS / transport.partConcurrency));
    h2.queue.dispose();
  });

  it("pauses, resumes, cancels and retries single files", async () => {
    const h = harness();
    active = h.queue;
    h.queue.add([small("a"), small("b")], target);
    await flush();
    await flush();
    const [ta, tb] = h.transfers;
    const [ia, ib] = h.snap().items;
    h.queue.pause(ia.id);
    expect(ta.stopped).toBe(true);
    expect(h.snap().items[0].status).toBe("paused");
    h.queue.resume(ia.id);
    await flush();
    expect(h.transfers).toHaveLength(3); // a restarted
    expect(h.snap().items[0].status).toBe("uploading");
    h.queue.cancel(ib.id);
    expect(tb.aborted).toBe(true);
    expect(h.snap().items[1].status).toBe("canceled");
    h.transfers[2].h.onError({ code: 599, message: "boom" });
    expect(h.snap().items[0]).toMatchObject({ status: "failed", error: { kind: "upload", code: 599, message: "boom" } });
    h.queue.retry(ia.id);
    await flush();
    await flush();
    expect(h.snap().items[0].status).toBe("uploading");
    h.finish(h.transfers[3]);
    await flush();
    expect(h.snap().items[0]).toMatchObject({ status: "done", hash: { state: "match" }, recording: { state: "callback" } });
  });

  it("gets a new token and continues when the token expired (401)", async () => {
    const h = harness();
    active = h.queue;
    h.queue.add([small("a")], target);
    await flush();
    await flush();
    h.transfers[0].h.onError({ code: 401, message: "expired token" });
    await flush();
    await flush();
    expect(h.tokenCalls).toHaveLength(2);
    expect(h.transfers).toHaveLength(2);
    expect(h.transfers[1].req.token).not.toBe(h.transfers[0].req.token);
    expect(h.transfers[1].req.key).toBe("in/dir/a");
  });

  it("refuses duplicate keys and files the server refuses, without uploading them", async () => {
    const h = harness({ refuse: (f) => f.relativePath.includes("secret") });
    active = h.queue;
    h.queue.add([small("a"), { ...small("a2"), relativePath: "dir/a" }, small("secret.txt")], target);
    await flush();
    await flush();
    const items = h.snap().items;
    expect(items[1]).toMatchObject({ status: "refused", error: { kind: "problem", problem: "duplicateKey" } });
    expect(items[2]).toMatchObject({ status: "refused", key: "in/dir/secret.txt", error: { kind: "problem", problem: "outOfScope" } });
    expect(h.transfers.map((t) => t.req.file.name)).toEqual(["a"]);
  });

  it("without callback, reports finished uploads to the server in one batch and shows its verdict", async () => {
    const h = harness({ callback: false });
    active = h.queue;
    h.queue.add([small("good1"), small("good2"), small("bad")], target);
    await flush();
    await flush();
    for (const t of h.transfers) t.h.onComplete({ key: t.req.key, hash: `etag-of-${t.req.file.name}`, fsize: 10, persistentId: "" });
    await vi.waitFor(() => expect(h.confirmCalls).toHaveLength(1));
    expect(h.confirmCalls[0].map((u) => u.key)).toEqual(["in/dir/good1", "in/dir/good2", "in/dir/bad"]);
    const s = h.snap();
    expect(s.items.map((i) => i.recording)).toEqual([{ state: "confirmed" }, { state: "confirmed" }, { state: "failed", message: "hashMismatch" }]);
    expect(s.items.every((i) => i.status === "done")).toBe(true);
  });

  it("flags a hash that differs from the local etag", async () => {
    const h = harness();
    active = h.queue;
    h.queue.add([small("a")], target);
    await flush();
    await flush();
    h.finish(h.transfers[0], "Fsomething-else");
    await flush();
    const s = h.snap();
    expect(s.items[0].hash).toEqual({ state: "mismatch", local: "etag-of-a", remote: "Fsomething-else" });
    expect(s.totals.mismatches).toBe(1);
  });

  it("sums progress into totals and reports reused parts", async () => {
    const h = harness();
    active = h.queue;
    h.queue.add([small("big", 8 * 1024 * 1024), small("s", 100)], target);
    await flush();
    await flush();
    h.transfers[0].h.onProgress(6 * 1024 * 1024, 4 * 1024 * 1024);
    h.transfers[1].h.onProgress(50, 0);
    const s = h.snap();
    expect(s.totals.bytes).toBe(8 * 1024 * 1024 + 100);
    expect(s.totals.loaded).toBe(6 * 1024 * 1024 + 50);
    expect(s.items[0]).toMatchObject({ method: "resumable", resumedBytes: 4 * 1024 * 1024 });
    expect(s.items[1].method).toBe("form");
  });
});
