// Name conflicts (614) in the upload queue, against a fake storage that behaves like Qiniu on insert-only tokens.
import { afterEach, describe, expect, it } from "vitest";
import { UploadQueue } from "@/lib/upload/engine/queue";
import { renamedPath } from "@/lib/upload/engine/conflict";
import type { Hasher } from "@/lib/upload/engine/hasher";
import type { IssuedToken, TokenRequestFile } from "@/lib/upload/token-contract";
import { buildObjectKey } from "@/lib/upload/keys";

const transport = { uphost: "127.0.0.1:1", upprotocol: "http" as const, chunkSizeMb: 4, partConcurrency: 3 };
const flush = async () => {
  for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
};

/** Keys already stored; a token is insert-only unless its request asked for overwrite (what the server signs). */
function harness(existing: string[]) {
  const stored = new Set(existing);
  const requests: TokenRequestFile[] = [];
  const policies = new Map<string, { key: string; overwrite: boolean }>();
  let seq = 0;
  const hasher: Hasher = { etag: async () => "etag", dispose() {} };
  const queue = new UploadQueue({
    callback: true,
    transport,
    hasher,
    tokens: async (files) => {
      requests.push(...files);
      return files.map((f): IssuedToken => {
        const built = buildObjectKey(f.prefix, f.relativePath);
        if (!built.ok) return { id: f.id, ok: false, problem: built.problem };
        const token = `tok-${++seq}`;
        policies.set(token, { key: built.key, overwrite: f.overwrite });
        return { id: f.id, ok: true, key: built.key, token, expiresAt: Date.now() + 600_000, overwrite: f.overwrite, overwriteDenied: false };
      });
    },
    start: async (req, _config, h) => {
      const policy = policies.get(req.token)!;
      queueMicrotask(() => {
        if (stored.has(req.key) && !policy.overwrite) return h.onError({ code: 614, message: "file exists" });
        stored.add(req.key);
        h.onComplete({ recorded: true, key: req.key, hash: "etag", fsize: req.file.size, uploadId: "u", recordedAt: "now" });
      });
      return { stop() {}, async abort() {} };
    },
  });
  const snap = () => {
    queue.emit();
    return queue.getSnapshot();
  };
  return { queue, requests, stored, snap };
}

const file = (name: string) => ({ file: new File([new Uint8Array(3)], name), relativePath: name });
let active: UploadQueue | undefined;
afterEach(() => active?.dispose());

describe("name conflicts in the upload queue", () => {
  it("a retry after ticking overwrite asks for a new token that may overwrite (the old insert-only one would 614 again)", async () => {
    const h = harness(["in/a.txt"]);
    active = h.queue;
    h.queue.add([file("a.txt")], { bucket: "media", prefix: "in/", overwrite: false });
    await flush();
    const [item] = h.snap().items;
    expect(item).toMatchObject({ status: "failed", error: { kind: "upload", code: 614 } });
    h.queue.retry(item.id, { overwrite: true });
    await flush();
    expect(h.requests.map((r) => r.overwrite)).toEqual([false, true]);
    expect(h.snap().items[0]).toMatchObject({ status: "done", key: "in/a.txt" });
  });

  it("a plain retry signs a fresh token too (same choice, same answer)", async () => {
    const h = harness(["in/a.txt"]);
    active = h.queue;
    h.queue.add([file("a.txt")], { bucket: "media", prefix: "in/", overwrite: false });
    await flush();
    h.queue.retry(h.snap().items[0].id);
    await flush();
    expect(h.requests).toHaveLength(2);
    expect(h.snap().items[0]).toMatchObject({ status: "failed", error: { code: 614 } });
  });

  it("overwrite, keep both and skip, per file", async () => {
    const h = harness(["in/a.txt", "in/b.txt", "in/b (1).txt", "in/c.txt"]);
    active = h.queue;
    h.queue.add([file("a.txt"), file("b.txt"), file("c.txt")], { bucket: "media", prefix: "in/", overwrite: false });
    await flush();
    const [a, b, c] = h.snap().items;
    expect([a, b, c].map((i) => i.status)).toEqual(["failed", "failed", "failed"]);
    h.queue.resolveConflict(a.id, "overwrite");
    h.queue.resolveConflict(b.id, "rename");
    h.queue.resolveConflict(c.id, "skip");
    await flush();
    await flush();
    const [a2, b2, c2] = h.snap().items;
    expect(a2).toMatchObject({ status: "done", key: "in/a.txt" });
    // "b (1).txt" exists as well: the next free name is taken.
    expect(b2).toMatchObject({ status: "done", key: "in/b (2).txt", relativePath: "b (2).txt" });
    expect(h.stored.has("in/b (2).txt")).toBe(true);
    expect(c2.status).toBe("skipped");
    const s = h.snap();
    expect(s.totals).toMatchObject({ done: 2, skipped: 1, failed: 0 });
    expect(s.finished).toBe(true);
  });

  it("numbers names before the extension, keeping folders", () => {
    expect(renamedPath("dir/sub/photo.jpg", 1)).toBe("dir/sub/photo (1).jpg");
    expect(renamedPath("archive.tar.gz", 2)).toBe("archive.tar (2).gz");
    expect(renamedPath("README", 3)).toBe("README (3)");
    expect(renamedPath("dir/.env", 1)).toBe("dir/.env (1)");
  });
});
