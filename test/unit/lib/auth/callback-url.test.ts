import { describe, expect, it } from "vitest";
import { afterLoginPath, sameOriginPath, sameOriginUrl } from "@/lib/auth/callback-url";

const ORIGIN = "http://console.test:3000";

// Each of these, used as a redirect target on the console, makes the browser leave it (or run script).
const HOSTILE = [
  "/\t/evil.example/",
  "/%09/evil.example/",
  "/\n/evil.example/",
  "/\r/evil.example/",
  "\t//evil.example/",
  " //evil.example/",
  "\u0000//evil.example/",
  "//evil.example/",
  "///evil.example/",
  "/\\evil.example/",
  "\\\\evil.example/",
  "\\/evil.example/",
  "/\\/evil.example/",
  "http://evil.example/",
  "https://evil.example/buckets",
  "HTTP://evil.example",
  "http:evil.example",
  "https:/\\evil.example",
  "//console.test:3000@evil.example/",
  "http://console.test:3000.evil.example/",
  "http://console.test:3001/",
  "https://console.test:3000/",
  "javascript:alert(1)",
  " javascript:alert(1)",
  "java\tscript:alert(1)",
  "JaVaScRiPt:alert(document.domain)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "",
];

describe("sameOriginPath", () => {
  it.each(HOSTILE)("keeps %j on the console", (value) => {
    const path = sameOriginPath(value, ORIGIN);
    const landed = new URL(path, ORIGIN);
    expect(landed.origin).toBe(ORIGIN);
    // what the browser follows from the Location header must stay here too
    expect(path.startsWith("/")).toBe(true);
    expect(path.startsWith("//")).toBe(false);
    expect(path).not.toMatch(/[\\\s]/);
  });

  it("refuses the issue's attack outright", () => {
    expect(sameOriginPath("/%09/evil.example/", ORIGIN)).toBe("/%09/evil.example/");
    expect(new URL(sameOriginPath("/%09/evil.example/", ORIGIN), ORIGIN).host).toBe("console.test:3000");
    expect(sameOriginPath("/\t/evil.example/", ORIGIN)).toBe("/");
  });

  it("keeps same-origin paths, queries and fragments", () => {
    expect(sameOriginPath("/buckets/demo?prefix=a%2Fb#top", ORIGIN)).toBe("/buckets/demo?prefix=a%2Fb#top");
    expect(sameOriginPath("/cdn", ORIGIN)).toBe("/cdn");
    expect(sameOriginPath("http://console.test:3000/audit?x=1", ORIGIN)).toBe("/audit?x=1");
    expect(sameOriginPath("buckets", ORIGIN)).toBe("/buckets");
  });

  it("turns an absolute same-origin URL with a `//host` path into a plain path", () => {
    expect(sameOriginPath("http://console.test:3000//evil.example/x", ORIGIN)).toBe("/evil.example/x");
  });

  it("serialises CR, LF and non-ASCII so the value is safe in a Location header", () => {
    for (const value of ["/a\r\nSet-Cookie: x=1", "/桶/键?q=é#ü", "/a b\u2028c"]) {
      const path = sameOriginPath(value, ORIGIN);
      expect(path).toMatch(/^[\x21-\x7e]+$/);
    }
    expect(sameOriginPath("/桶", ORIGIN)).toBe("/%E6%A1%B6");
  });

  it("uses the fallback for non-strings and absurd lengths", () => {
    expect(sameOriginPath(undefined, ORIGIN)).toBe("/");
    expect(sameOriginPath(["/a"], ORIGIN)).toBe("/");
    expect(sameOriginPath(`/${"a".repeat(10_000)}`, ORIGIN)).toBe("/");
    expect(sameOriginPath("//evil.example", ORIGIN, "")).toBe("");
  });
});

describe("afterLoginPath", () => {
  it("never returns to the login page", () => {
    for (const value of ["/login", "/login?callbackUrl=/x", "/login#a", "http://console.test:3000/login/"]) expect(afterLoginPath(value, ORIGIN)).toBe("/");
    expect(afterLoginPath("/logins", ORIGIN)).toBe("/logins");
  });
});

describe("sameOriginUrl (next-auth's redirect callback)", () => {
  it("answers absolute console URLs and never throws", () => {
    expect(sameOriginUrl("/buckets", ORIGIN)).toBe(`${ORIGIN}/buckets`);
    expect(sameOriginUrl("/login?notice=password-changed", ORIGIN)).toBe(`${ORIGIN}/login?notice=password-changed`);
    for (const value of [...HOSTILE, "foo\r\n", "http://[::1", "%"]) expect(new URL(sameOriginUrl(value, ORIGIN)).origin).toBe(ORIGIN);
  });
});
