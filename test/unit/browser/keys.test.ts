import { describe, expect, it } from "vitest";
import { isHttpUrl, isValidKey, isValidMime, isValidPrefix, utf8Length } from "@/lib/browser/keys";
import { TRICKY_KEYS } from "@/test/support/tricky-keys";

describe("form checks", () => {
  it("accepts every tricky key up to 750 UTF-8 bytes and refuses the rest", () => {
    for (const key of TRICKY_KEYS) expect(isValidKey(key), key).toBe(true);
    expect(utf8Length("é".repeat(375))).toBe(750);
    expect(isValidKey("é".repeat(375) + "x")).toBe(false);
    expect(isValidKey("")).toBe(false);
    expect(isValidKey("lone \uD800 surrogate")).toBe(false);
    expect(isValidKey("a\u0000b")).toBe(false);
    expect(isValidPrefix("a\u0000")).toBe(false);
    expect(isValidPrefix("")).toBe(true);
    expect(isValidPrefix("a/")).toBe(true);
  });

  it("checks MIME types and URLs", () => {
    expect(isValidMime("application/json")).toBe(true);
    expect(isValidMime("text/plain; charset=utf-8")).toBe(true);
    expect(isValidMime("image/svg+xml")).toBe(true);
    expect(isValidMime("json")).toBe(false);
    expect(isValidMime("text/plain\n")).toBe(true);
    expect(isValidMime("a/b c")).toBe(false);
    expect(isHttpUrl("https://example.com/a.png")).toBe(true);
    expect(isHttpUrl("ftp://example.com/a")).toBe(false);
    expect(isHttpUrl("not a url")).toBe(false);
  });
});
