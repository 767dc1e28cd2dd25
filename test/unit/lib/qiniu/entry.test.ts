import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_KEY_BYTES, decodeEntry, encodedEntry, validateKey } from "@/lib/qiniu/entry";
import { QiniuInputError } from "@/lib/qiniu/errors";
import { anyKey, bucket } from "./arbitraries";
import { qiniu } from "./sdk";

describe("encodedEntry", () => {
  it("matches the protocol vectors", () => {
    expect(encodedEntry("qiniuphotos", "gogopher.jpg")).toBe("cWluaXVwaG90b3M6Z29nb3BoZXIuanBn");
    expect(encodedEntry("qiniuphotos")).toBe("cWluaXVwaG90b3M=");
    expect(encodedEntry("bkt", "目录/文件 1.txt")).toBe("Ymt0OuebruW9lS_mlofku7YgMS50eHQ=");
  });

  it("equals the official SDK for any bucket and key", () => {
    fc.assert(
      fc.property(bucket, fc.option(anyKey, { nil: undefined }), (b, k) => {
        expect(encodedEntry(b, k)).toBe(qiniu.util.encodedEntry(b, k));
      }),
      { numRuns: 500 },
    );
  });

  it("decodes back, splitting at the first ':' so keys may hold ':'", () => {
    fc.assert(
      fc.property(bucket, fc.option(anyKey, { nil: undefined }), (b, k) => {
        expect(decodeEntry(encodedEntry(b, k))).toEqual(k === undefined ? { bucket: b } : { bucket: b, key: k });
      }),
    );
    expect(decodeEntry(encodedEntry("b", "a:b:c"))).toEqual({ bucket: "b", key: "a:b:c" });
    expect(decodeEntry(encodedEntry("b", ""))).toEqual({ bucket: "b", key: "" });
  });
});

describe("validateKey", () => {
  it("accepts keys up to 750 UTF-8 bytes", () => {
    expect(() => validateKey("a".repeat(MAX_KEY_BYTES))).not.toThrow();
    expect(() => validateKey("文".repeat(250))).not.toThrow(); // 750 bytes
    expect(() => validateKey("a:b/c d?#%")).not.toThrow();
  });

  it("refuses empty, too long and malformed keys with a clear message", () => {
    expect(() => validateKey("")).toThrow(/must not be empty/);
    expect(() => validateKey("a".repeat(751))).toThrow(/751 bytes.*at most 750/);
    expect(() => validateKey("文".repeat(251))).toThrow(QiniuInputError);
    expect(() => validateKey("a\uD800b")).toThrow(/lone surrogate/);
  });
});
