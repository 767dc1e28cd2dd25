import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildObjectKey, duplicateKeys, normalizePrefix, relativeSegments } from "@/lib/upload/keys";

describe("upload keys", () => {
  it("treats the target prefix as a folder", () => {
    expect(normalizePrefix("")).toBe("");
    expect(normalizePrefix("/")).toBe("");
    expect(normalizePrefix("photos")).toBe("photos/");
    expect(normalizePrefix("/photos/2024/")).toBe("photos/2024/");
    expect(normalizePrefix("a\\b//c")).toBe("a/b/c/");
  });

  it("keeps a dropped folder's relative path under the prefix", () => {
    expect(buildObjectKey("site/", "/assets/img/logo.png")).toEqual({ ok: true, key: "site/assets/img/logo.png" });
    expect(buildObjectKey("site", "assets/img/logo.png")).toEqual({ ok: true, key: "site/assets/img/logo.png" });
    expect(buildObjectKey("", "logo.png")).toEqual({ ok: true, key: "logo.png" });
    expect(buildObjectKey("a/", "./x//y/./z.txt")).toEqual({ ok: true, key: "a/x/y/z.txt" });
    expect(buildObjectKey("a/", "dir\\win\\file.txt")).toEqual({ ok: true, key: "a/dir/win/file.txt" });
  });

  it("normalises NFD names from macOS to NFC", () => {
    const nfd = "cafe\u0301/文件.txt";
    const r = buildObjectKey("", nfd);
    expect(r).toEqual({ ok: true, key: "caf\u00e9/文件.txt" });
  });

  it("refuses paths that climb out of the prefix, control characters, empty and overlong keys", () => {
    expect(buildObjectKey("team/", "../other/x.txt")).toEqual({ ok: false, problem: "parentSegment" });
    expect(buildObjectKey("team/", "a/../../x.txt")).toEqual({ ok: false, problem: "parentSegment" });
    expect(buildObjectKey("team/", "a\nb.txt")).toEqual({ ok: false, problem: "controlChar" });
    expect(buildObjectKey("team/", "/./")).toEqual({ ok: false, problem: "empty" });
    expect(buildObjectKey("", "x".repeat(751))).toEqual({ ok: false, problem: "tooLong" });
    expect(buildObjectKey("", "x".repeat(750))).toEqual({ ok: true, key: "x".repeat(750) });
    // 250 three-byte characters = 750 bytes; one more byte is too long.
    expect(buildObjectKey("", "文".repeat(250)).ok).toBe(true);
    expect(buildObjectKey("a", "文".repeat(250))).toEqual({ ok: false, problem: "tooLong" });
  });

  it("always yields a key under the prefix (property)", () => {
    const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes("/") && !s.includes("\\"));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.array(segment, { maxLength: 3 }), (path, prefix) => {
        const p = normalizePrefix(prefix.join("/"));
        const r = buildObjectKey(p, path.join("/"));
        if (r.ok) {
          expect(r.key.startsWith(p)).toBe(true);
          expect(r.key.slice(p.length).split("/")).not.toContain("..");
        }
      }),
    );
  });

  it("splits segments and finds duplicate keys", () => {
    expect(relativeSegments("/a/b/c.txt")).toEqual(["a", "b", "c.txt"]);
    expect([...duplicateKeys(["a", "b", "a", "c", "b"])].sort()).toEqual(["a", "b"]);
    expect(duplicateKeys(["a", "b"]).size).toBe(0);
  });
});
