import { describe, expect, it } from "vitest";
import { baseName, breadcrumbs, folderOf, listPrefix, nameUnder, parentPrefix } from "@/lib/buckets/paths";

describe("folder paths over opaque keys", () => {
  it("builds breadcrumbs without collapsing empty segments", () => {
    expect(breadcrumbs("")).toEqual([]);
    expect(breadcrumbs("a/")).toEqual([{ label: "a", prefix: "a/" }]);
    expect(breadcrumbs("a//b/")).toEqual([
      { label: "a", prefix: "a/" },
      { label: "", prefix: "a//" },
      { label: "b", prefix: "a//b/" },
    ]);
    expect(breadcrumbs("/x/")).toEqual([
      { label: "", prefix: "/" },
      { label: "x", prefix: "/x/" },
    ]);
    expect(breadcrumbs("dir with spaces/#?%/")).toEqual([
      { label: "dir with spaces", prefix: "dir with spaces/" },
      { label: "#?%", prefix: "dir with spaces/#?%/" },
    ]);
    // A trailing partial segment is a search, not a folder.
    expect(breadcrumbs("a/partial")).toEqual([{ label: "a", prefix: "a/" }]);
  });

  it("goes up one folder at a time", () => {
    expect(parentPrefix("a/b/")).toBe("a/");
    expect(parentPrefix("a//")).toBe("a/");
    expect(parentPrefix("a/")).toBe("");
    expect(parentPrefix("//")).toBe("/");
    expect(parentPrefix("")).toBe("");
  });

  it("names rows relative to the listed prefix", () => {
    expect(nameUnder("a/", "a/b.txt", false)).toBe("b.txt");
    expect(nameUnder("a/", "a/b/", true)).toBe("b");
    expect(nameUnder("a/", "a//", true)).toBe("");
    expect(nameUnder("a/", "a/ x ", false)).toBe(" x ");
    expect(nameUnder("", "😀/", true)).toBe("😀");
    expect(folderOf("a/b/c.txt")).toBe("a/b/");
    expect(folderOf("c.txt")).toBe("");
    expect(baseName("a/b/c.txt")).toBe("c.txt");
    expect(listPrefix("photos/", "ca")).toBe("photos/ca");
  });
});
