import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  can,
  formatScopes,
  parseScopes,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
  scopePrefixes,
  visibleBuckets,
  visibleSections,
  type Principal,
} from "@/lib/permissions";

const user = (role: Principal["role"], scopes: Principal["scopes"] = []): Principal => ({ role, scopes });

describe("roles", () => {
  it("match the issue: admin everything, editor content work, ops CDN + read, viewer read-only", () => {
    expect(ROLE_PERMISSIONS.admin).toEqual(PERMISSIONS);
    expect(can(user("editor"), "upload.write")).toBe(true);
    expect(can(user("editor"), "batch.run")).toBe(true);
    expect(can(user("editor"), "objects.delete")).toBe(true);
    expect(can(user("editor"), "cdn.write")).toBe(false);
    expect(can(user("editor"), "users.manage")).toBe(false);
    expect(can(user("ops"), "cdn.write")).toBe(true);
    expect(can(user("ops"), "objects.read")).toBe(true);
    expect(can(user("ops"), "objects.write")).toBe(false);
    expect(can(user("ops"), "upload.write")).toBe(false);
    expect(can(user("viewer"), "objects.read")).toBe(true);
    for (const p of ["objects.write", "objects.delete", "upload.write", "batch.run", "pfop.submit", "cdn.write", "audit.read", "users.manage"] as const) {
      expect(can(user("viewer"), p)).toBe(false);
    }
    expect(can(user("ops"), "audit.read")).toBe(false);
    expect(can(user("editor"), "audit.read")).toBe(false);
  });

  it("refuses everything to a signed-out caller", () => {
    for (const p of PERMISSIONS) expect(can(null, p)).toBe(false);
  });

  it("never lets a role do what its role list lacks, whatever the scopes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...PERMISSIONS),
        fc.array(fc.record({ bucket: fc.string(), prefix: fc.string() })),
        (role, p, scopes) => {
          if (!ROLE_PERMISSIONS[role].includes(p)) expect(can(user(role, scopes), p, { bucket: "b", key: "k" })).toBe(false);
        },
      ),
    );
  });
});

describe("bucket and prefix scopes", () => {
  const editor = user("editor", [
    { bucket: "media", prefix: "images/" },
    { bucket: "docs", prefix: "" },
  ]);

  it("allows keys under a granted prefix and refuses the rest", () => {
    expect(can(editor, "objects.delete", { bucket: "media", key: "images/cat.jpg" })).toBe(true);
    expect(can(editor, "objects.delete", { bucket: "media", key: "video/cat.mp4" })).toBe(false);
    expect(can(editor, "objects.delete", { bucket: "media", key: "images" })).toBe(false);
    expect(can(editor, "objects.delete", { bucket: "docs", key: "anything" })).toBe(true);
    expect(can(editor, "objects.delete", { bucket: "other", key: "x" })).toBe(false);
  });

  it("checks prefixes for listing and batch work, and whole buckets only with a whole-bucket grant", () => {
    expect(can(editor, "objects.read", { bucket: "media", prefix: "images/2024/" })).toBe(true);
    expect(can(editor, "objects.read", { bucket: "media", prefix: "" })).toBe(false);
    expect(can(editor, "batch.run", { bucket: "media" })).toBe(false);
    expect(can(editor, "batch.run", { bucket: "docs" })).toBe(true);
    expect(can(editor, "buckets.read", { bucket: "media" })).toBe(true);
    expect(can(editor, "buckets.read", { bucket: "other" })).toBe(false);
  });

  it("requires every target of a batch to be in scope", () => {
    expect(
      can(editor, "batch.run", [
        { bucket: "media", key: "images/a" },
        { bucket: "docs", key: "b" },
      ]),
    ).toBe(true);
    expect(
      can(editor, "batch.run", [
        { bucket: "media", key: "images/a" },
        { bucket: "media", key: "secret/b" },
      ]),
    ).toBe(false);
    expect(can(editor, "batch.run", [])).toBe(false);
  });

  it("fails closed when a scoped user's bucket work names no bucket, except listing buckets", () => {
    expect(can(editor, "objects.delete")).toBe(false);
    expect(can(editor, "buckets.read")).toBe(true);
    expect(can(user("editor"), "objects.delete")).toBe(true);
  });

  it("does not limit admins or permissions that are not about bucket content", () => {
    expect(can(user("admin", [{ bucket: "media", prefix: "x/" }]), "objects.delete", { bucket: "other", key: "y" })).toBe(true);
    expect(can(user("ops", [{ bucket: "media", prefix: "" }]), "cdn.write")).toBe(true);
  });

  it("tells the UI which buckets and prefixes to show", () => {
    expect(visibleBuckets(editor, ["docs", "media", "other"])).toEqual(["docs", "media"]);
    expect(scopePrefixes(editor, "media")).toEqual(["images/"]);
    expect(scopePrefixes(editor, "docs")).toBeNull();
    expect(scopePrefixes(editor, "other")).toEqual([]);
    expect(scopePrefixes(user("viewer"), "other")).toBeNull();
  });

  it("a key allowed by a prefix scope always starts with one of the granted prefixes (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ bucket: fc.constantFrom("a", "b"), prefix: fc.string({ maxLength: 4 }) }), { minLength: 1 }),
        fc.string({ maxLength: 6 }),
        (scopes, key) => {
          const u = user("editor", scopes);
          if (can(u, "objects.write", { bucket: "a", key })) {
            expect(scopes.some((s) => s.bucket === "a" && key.startsWith(s.prefix))).toBe(true);
          }
        },
      ),
    );
  });
});

describe("sections and scope text", () => {
  it("shows each role the sections it may use", () => {
    expect(visibleSections(user("admin"))).toEqual(["/buckets", "/upload", "/batch", "/processing", "/cdn", "/audit", "/users"]);
    expect(visibleSections(user("editor", [{ bucket: "m", prefix: "x/" }]))).toEqual(["/buckets", "/upload", "/batch", "/processing", "/cdn"]);
    expect(visibleSections(user("ops"))).toEqual(["/buckets", "/processing", "/cdn"]);
    expect(visibleSections(user("viewer"))).toEqual(["/buckets", "/processing", "/cdn"]);
  });

  it("parses one scope per line, bucket or bucket/prefix, and formats it back", () => {
    const scopes = parseScopes(" media/images/2024 \n\ndocs\nmedia/images/2024\nlogs/a/b/");
    expect(scopes).toEqual([
      { bucket: "media", prefix: "images/2024" },
      { bucket: "docs", prefix: "" },
      { bucket: "logs", prefix: "a/b/" },
    ]);
    expect(parseScopes(formatScopes(scopes))).toEqual(scopes);
  });
});
