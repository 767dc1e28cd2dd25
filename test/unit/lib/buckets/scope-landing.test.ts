import { describe, expect, it } from "vitest";
import { landingScope, listingAllowed, scopeState } from "@/lib/buckets/scope-landing";

describe("where a scoped user lands in a bucket", () => {
  it("takes a user with one prefix from the bucket root to it", () => {
    expect(landingScope(["team-a/"], "")).toBe("team-a/");
    expect(landingScope(["team-a/", "team-a/"], "")).toBe("team-a/");
  });

  it("lets a user with several prefixes choose, and leaves everyone else where they asked to be", () => {
    expect(landingScope(["team-a/", "team-b/"], "")).toBeNull();
    expect(landingScope(null, "")).toBeNull();
    expect(landingScope(["team-a/"], "team-a/docs/")).toBeNull();
    // An explicit folder outside the scope is not silently moved: the page says it may not be browsed.
    expect(landingScope(["team-a/"], "team-b/")).toBeNull();
    expect(listingAllowed(["team-a/"], "team-b/")).toBe(false);
  });

  it("turns a scope that is not a whole folder into folder + search, listing only what it allows", () => {
    expect(scopeState("team-a/")).toEqual({ prefix: "team-a/", q: "" });
    expect(scopeState("team-a/rep")).toEqual({ prefix: "team-a/", q: "rep" });
    expect(scopeState("logs")).toEqual({ prefix: "", q: "logs" });
    const s = scopeState("team-a/rep");
    expect(listingAllowed(["team-a/rep"], s.prefix + s.q)).toBe(true);
  });
});
