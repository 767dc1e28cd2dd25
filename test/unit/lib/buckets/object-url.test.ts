import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { attnameQuery, domainOrigin, encodeKeyPath, objectUrl, thumbnailFop } from "@/lib/buckets/object-url";
import { TRICKY_KEYS } from "@/test/support/tricky-keys";

describe("object URLs", () => {
  it("percent-encodes everything but '/' and keeps empty segments", () => {
    expect(encodeKeyPath("a b/c#?.txt")).toBe("a%20b/c%23%3F.txt");
    expect(encodeKeyPath("a\\b")).toBe("a%5Cb");
    expect(encodeKeyPath("a//b")).toBe("a//b");
    expect(encodeKeyPath("%41")).toBe("%2541");
    expect(encodeKeyPath("😀")).toBe("%F0%9F%98%80");
  });

  it("round-trips every tricky key through a real URL parser", () => {
    for (const key of TRICKY_KEYS) {
      const url = new URL(objectUrl("http://127.0.0.1:9410", key));
      expect(url.host).toBe("127.0.0.1:9410");
      expect(url.search).toBe("");
      expect(url.hash).toBe("");
      expect(url.pathname.slice(1).split("/").map(decodeURIComponent).join("/")).toBe(key);
    }
  });

  it("round-trips arbitrary keys (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), (key) => {
        const path = encodeKeyPath(key);
        expect(path).not.toMatch(/[?#\s\\]/);
        expect(path.split("/").map(decodeURIComponent).join("/")).toBe(key);
      }),
    );
  });

  it("appends fop queries verbatim and builds origins from bare domains", () => {
    expect(objectUrl("http://d.example", "x y.jpg", thumbnailFop(96))).toBe("http://d.example/x%20y.jpg?imageView2/1/w/96/h/96/q/75");
    expect(domainOrigin("cdn.example.com")).toBe("http://cdn.example.com");
    expect(domainOrigin("cdn.example.com", "https")).toBe("https://cdn.example.com");
    expect(domainOrigin("http://127.0.0.1:9410/")).toBe("http://127.0.0.1:9410");
    expect(attnameQuery("a b#.txt")).toBe("attname=a%20b%23.txt");
  });
});
