// The multipart transport's pure parts: which answers are retried, how failures read, and the part record that lets
// an upload resume after a reload. The transport itself runs in Chromium against the emulator (test/e2e/upload.spec.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { replyError, retryable } from "@/components/upload/engine/multipart-transport";
import { forgetParts, forgetUnfinished, partsRecordKey, readParts, rememberUnfinished, uploadedBytesOf, writeParts } from "@/components/upload/engine/resume-store";

/** A Storage over a Map: Node has no localStorage. */
class MapStorage {
  private readonly m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  clear() {
    this.m.clear();
  }
}

describe("multipart transport", () => {
  it("retries network failures and 5xx answers, not 579 (the callback failed after storing) nor Qiniu's 6xx/7xx codes", () => {
    expect([0, 500, 502, 503, 599].map(retryable)).toEqual([true, true, true, true, true]);
    expect([400, 401, 403, 413, 579, 612, 614, 631, 701].map(retryable)).toEqual([false, false, false, false, false, false, false, false, false]);
  });

  it("reports the service's own error text and reqId, else what failed and how", () => {
    expect(replyError({ status: 403, body: { error: "key not in scope" }, reqId: "r1" }, "part 3")).toEqual({ code: 403, message: "key not in scope", reqId: "r1" });
    expect(replyError({ status: 0, body: undefined }, "part 3")).toEqual({ code: 0, message: "part 3: network error", reqId: undefined });
    expect(replyError({ status: 502, body: "<html>bad gateway</html>", reqId: "" }, "completing the upload")).toEqual({ code: 502, message: "completing the upload: HTTP 502", reqId: undefined });
  });
});

describe("part records", () => {
  const g = globalThis as { localStorage?: unknown; window?: unknown };
  beforeEach(() => {
    g.localStorage = new MapStorage();
    g.window = new EventTarget();
  });
  afterEach(() => {
    delete g.localStorage;
    delete g.window;
  });

  const file = { name: "movie.bin", key: "big/movie.bin", size: 200 * 1024 * 1024 };

  it("round-trips a record and gives the stored bytes to the resume panel", () => {
    expect(readParts(file)).toBeUndefined();
    writeParts(file, { uploadId: "u1", partSize: 4 << 20, expireAt: Date.now() + 1e6, parts: [1, 2, 5], bytes: 12 << 20 });
    expect(readParts(file)).toMatchObject({ uploadId: "u1", parts: [1, 2, 5] });
    rememberUnfinished({ bucket: "b", key: file.key, name: file.name, size: file.size, lastModified: 1, relativePath: "movie.bin", overwrite: false });
    expect(uploadedBytesOf({ bucket: "b", key: file.key, name: file.name, size: file.size, lastModified: 1, relativePath: "movie.bin", overwrite: false, savedAt: 0 })).toBe(12 << 20);
    // Another size of the same name and key is another file.
    expect(readParts({ ...file, size: file.size + 1 })).toBeUndefined();
  });

  it("ignores records that are not its own shape, and forgets them on request", () => {
    (g.localStorage as MapStorage).setItem(partsRecordKey(file), "{not json");
    expect(readParts(file)).toBeUndefined();
    (g.localStorage as MapStorage).setItem(partsRecordKey(file), JSON.stringify({ id: "qiniu-js shape", data: [] }));
    expect(readParts(file)).toBeUndefined();
    writeParts(file, { uploadId: "u2", partSize: 4 << 20, expireAt: 0, parts: [], bytes: 0 });
    forgetParts(file);
    expect(readParts(file)).toBeUndefined();
  });

  it("dropping an unfinished upload with its parts removes the part record too", () => {
    writeParts(file, { uploadId: "u3", partSize: 4 << 20, expireAt: 0, parts: [1], bytes: 4 << 20 });
    rememberUnfinished({ bucket: "b", key: file.key, name: file.name, size: file.size, lastModified: 1, relativePath: "movie.bin", overwrite: false });
    forgetUnfinished("b", file.key);
    expect(readParts(file)).toBeDefined();
    rememberUnfinished({ bucket: "b", key: file.key, name: file.name, size: file.size, lastModified: 1, relativePath: "movie.bin", overwrite: false });
    forgetUnfinished("b", file.key, true);
    expect(readParts(file)).toBeUndefined();
  });
});
