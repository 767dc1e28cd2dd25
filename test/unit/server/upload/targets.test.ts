import { describe, expect, it } from "vitest";
import { initialTarget, uploadBuckets } from "@/server/upload/targets";

const list = async () => ["zeta", "media", "other"];

describe("upload destinations", () => {
  it("offers every bucket to an unrestricted user, and only granted buckets and prefixes to a scoped one", async () => {
    expect(await uploadBuckets({ role: "admin", scopes: [] }, list)).toEqual([
      { name: "media", prefixes: null },
      { name: "other", prefixes: null },
      { name: "zeta", prefixes: null },
    ]);
    const scoped = {
      role: "editor" as const,
      scopes: [
        { bucket: "media", prefix: "team-a/" },
        { bucket: "media", prefix: "shared/" },
        { bucket: "zeta", prefix: "" },
      ],
    };
    expect(await uploadBuckets(scoped, list)).toEqual([
      { name: "media", prefixes: ["team-a/", "shared/"] },
      { name: "zeta", prefixes: null },
    ]);
  });

  it("opens at ?bucket=&prefix= when allowed, else at the first place the user may write", () => {
    const choices = [
      { name: "media", prefixes: ["team-a/", "shared/"] },
      { name: "zeta", prefixes: null },
    ];
    expect(initialTarget(choices, "zeta", "a/b")).toEqual({ bucket: "zeta", prefix: "a/b/" });
    expect(initialTarget(choices, "media", "shared/x/")).toEqual({ bucket: "media", prefix: "shared/x/" });
    expect(initialTarget(choices, "media", "team-b/")).toEqual({ bucket: "media", prefix: "team-a/" });
    expect(initialTarget(choices, "nope", undefined)).toEqual({ bucket: "media", prefix: "team-a/" });
    expect(initialTarget([], "x", "y")).toEqual({ bucket: "", prefix: "" });
  });
});
