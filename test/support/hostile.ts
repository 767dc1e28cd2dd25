// Hostile input for property-based tests (fast-check): the strings, numbers and JSON shapes an attacker or a broken
// client sends. Shared by the emulator fuzz (test/integration/security) and the server-action fuzz (test/e2e).
import fc from "fast-check";

/** Hand-picked nasties: traversal, NUL, lone surrogates, bidi overrides, injections, numbers that are not numbers. */
export const NASTY_STRINGS = [
  "",
  " ",
  "..",
  "../",
  "../../../../../../etc/passwd",
  "..%2f..%2f..%2fetc%2fpasswd",
  "%2e%2e/%2e%2e/",
  "..\\..\\..\\windows\\win.ini",
  "/",
  "//",
  "/etc/passwd",
  "file:///etc/passwd",
  "~",
  ":",
  "::::",
  "%",
  "%zz",
  "%00",
  "\u0000",
  "a\u0000b",
  "\u0000../../etc/passwd",
  "\ud800",
  "x\udfffy",
  "\u202etxt.exe",
  "\ufeff",
  "\u200b",
  "🦄🦄",
  "键/值/文件.txt",
  "Ω≈ç√∫",
  "\r\nSet-Cookie: x=1",
  "\t",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  '{"__proto__":{"polluted":1}}',
  "__proto__",
  "constructor",
  "-1",
  "0",
  "NaN",
  "Infinity",
  "1e309",
  "0x10",
  "9".repeat(40),
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  "${jndi:ldap://127.0.0.1/x}",
  "{{7*7}}",
  "$(reboot)",
  "http://169.254.169.254/latest/meta-data/",
  "javascript:alert(1)",
  "a".repeat(1024),
] as const;

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3000 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("../", "..\\", "%2e%2e%2f", "\u0000", "/"), fc.nat({ max: 40 }), fc.string({ maxLength: 10 }))
      .map(([s, n, tail]) => s.repeat(n) + tail),
  },
);

/** Also strings big enough to trip body limits and naive buffering (kept rare: they are slow to send). */
export const hugeString: fc.Arbitrary<string> = fc
  .constantFrom(64 * 1024, 1024 * 1024)
  .chain((n) => fc.constantFrom("x", "é", "\u0000", "🦄").map((c) => c.repeat(Math.ceil(n / c.length))));

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -(2 ** 31), 1e308),
  fc.double(),
  fc.integer(),
);

/** Any JSON-ish value of the wrong type for a field: numbers, booleans, null, arrays, nested objects, prototype keys. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e309, [], {}, [[]], { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } }),
  hostileNumber,
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A value for a string field: usually a hostile string, sometimes the wrong type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 2, arbitrary: wrongType });

/** Percent-encodes every byte outside RFC 3986's unreserved set (lone surrogates become U+FFFD, as UTF-8 does). */
export function percentEncodeAll(s: string): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * As raw as Node's HTTP client lets a path be: `../`, `%`, `?`, `#`, `;` and Latin-1 bytes stay; only what Node refuses to
 * send (controls, space, > U+00FF) is percent-encoded.
 */
export function rawish(s: string): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += cp > 0x20 && cp <= 0xff && cp !== 0x7f ? ch : percentEncodeAll(ch);
  }
  return out;
}

/** Strings that look like a stack trace or an internal path when they appear in an answer. */
export function leakProblems(text: string, secrets: string[] = [], paths: string[] = []): string[] {
  const problems: string[] = [];
  if (/\n\s+at\s+\S/.test(text) || /\bat\s+[\w.<>]+\s+\((?:\/|file:|node:)[^)]*:\d+:\d+\)/.test(text)) problems.push("stack trace");
  if (/node_modules|\/work\/main|webpack-internal|\.next\/server/.test(text)) problems.push("internal path");
  if (/\b(TypeError|ReferenceError|RangeError|SyntaxError|SqliteError|ERR_[A-Z_]{4,})\b/.test(text)) problems.push("raw exception name");
  if (/Cannot read propert|is not a function|undefined is not|Unexpected token/.test(text)) problems.push("raw exception message");
  for (const p of paths) if (p && text.includes(p)) problems.push(`path ${p}`);
  for (const s of secrets) if (s && text.includes(s)) problems.push("secret");
  return problems;
}
