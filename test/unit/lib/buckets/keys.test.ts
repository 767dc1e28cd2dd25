import { describe, expect, it } from "vitest";
import { isHttpUrl, isValidKey, isValidMime, isValidPrefix, utf8Length } from "@/lib/buckets/keys";
import { CONTROL_CHAR_KEYS, TRICKY_KEYS } from "@/test/support/tricky-keys";

describe("form checks", () => {
  it("accepts every tricky key up to 750 UTF-8 bytes and refuses the rest", () => {
    for (const key of TRICKY_KEYS) expect(isValidKey(key), key).toBe(true);
    expect(utf8Length("é".repeat(375))).toBe(750);
    expect(isValidKey("é".repeat(375) + "x")).toBe(false);
    expect(isValidKey("")).toBe(false);
    expect(isValidKey("lone \uD800 surrogate")).toBe(false);
    // Qiniu stores keys holding NUL and other controls (made through the SDK): the console must reach them to delete
    // them, so the forms and action schemas accept them (an earlier version refused NUL because the database could
    // not store it; the job tables now store keys escaped).
    for (const key of CONTROL_CHAR_KEYS) expect(isValidKey(key), JSON.stringify(key)).toBe(true);
    expect(isValidPrefix("a\u0000")).toBe(true);
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
