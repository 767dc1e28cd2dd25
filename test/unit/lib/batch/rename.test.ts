import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { insertBeforeExtension, targetKeyFor } from "@/lib/batch/rename";

describe("targetKeyFor", () => {
  it("replaces a leading prefix and skips keys outside it", () => {
    expect(targetKeyFor("photos/2024/a.jpg", { kind: "prefix", from: "photos/", to: "archive/photos/" })).toEqual({
      ok: true,
      key: "archive/photos/2024/a.jpg",
    });
    expect(targetKeyFor("docs/a.jpg", { kind: "prefix", from: "photos/", to: "x/" })).toEqual({ ok: false, reason: "no_match" });
    expect(targetKeyFor("a.jpg", { kind: "prefix", from: "", to: "new/" })).toEqual({ ok: true, key: "new/a.jpg" });
    // only the leading occurrence is replaced
    expect(targetKeyFor("a/a/b", { kind: "prefix", from: "a/", to: "" })).toEqual({ ok: true, key: "a/b" });
  });

  it("finds and replaces every literal occurrence, without regex meaning", () => {
    expect(targetKeyFor("img-2024-img.png", { kind: "replace", find: "img", replace: "pic" })).toEqual({ ok: true, key: "pic-2024-pic.png" });
    expect(targetKeyFor("a.b.c", { kind: "replace", find: ".", replace: "_" })).toEqual({ ok: true, key: "a_b_c" });
    expect(targetKeyFor("abc", { kind: "replace", find: "x", replace: "y" })).toEqual({ ok: false, reason: "no_match" });
    expect(targetKeyFor("abc", { kind: "replace", find: "abc", replace: "" })).toEqual({ ok: false, reason: "invalid_target" });
  });

  it("adds a suffix at the end or before the file extension", () => {
    expect(targetKeyFor("a/photo.jpg", { kind: "suffix", suffix: ".bak", beforeExtension: false })).toEqual({ ok: true, key: "a/photo.jpg.bak" });
    expect(targetKeyFor("a/photo.jpg", { kind: "suffix", suffix: "-old", beforeExtension: true })).toEqual({ ok: true, key: "a/photo-old.jpg" });
    expect(insertBeforeExtension("a.d/readme", "-1")).toBe("a.d/readme-1");
    expect(insertBeforeExtension("dir/.env", "-1")).toBe("dir/.env-1");
    expect(insertBeforeExtension("x.tar.gz", "-1")).toBe("x.tar-1.gz");
  });

  it("uses the explicit target and reports a missing one", () => {
    expect(targetKeyFor("a", { kind: "explicit" }, "b")).toEqual({ ok: true, key: "b" });
    expect(targetKeyFor("a", { kind: "explicit" })).toEqual({ ok: false, reason: "no_target" });
  });

  it("refuses targets longer than 750 UTF-8 bytes", () => {
    const key = "键".repeat(250); // 750 bytes
    expect(targetKeyFor(key, { kind: "same" })).toEqual({ ok: true, key });
    expect(targetKeyFor(key, { kind: "suffix", suffix: "x", beforeExtension: false })).toEqual({ ok: false, reason: "invalid_target" });
  });

  it("prefix replacement is undone by the reverse replacement (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ minLength: 1 }), (from, to, rest) => {
        const there = targetKeyFor(from + rest, { kind: "prefix", from, to });
        if (!there.ok) return there.reason === "invalid_target";
        const back = targetKeyFor(there.key, { kind: "prefix", from: to, to: from });
        return back.ok && back.key === from + rest;
      }),
    );
  });
});
