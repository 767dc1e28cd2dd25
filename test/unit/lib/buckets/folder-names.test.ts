import { describe, expect, it } from "vitest";
import {
  folderJobKinds,
  folderKey,
  folderName,
  folderNameProblem,
  MAX_KEY_BYTES,
  movedPrefix,
  renamedPrefix,
  targetInsideSource,
} from "@/lib/buckets/folder-names";

describe("folder names", () => {
  it("accepts names as typed, spaces and symbols included", () => {
    expect(folderNameProblem("", "photos")).toBeNull();
    expect(folderNameProblem("a/", " x #?%")).toBeNull();
    expect(folderNameProblem("a/", "照片")).toBeNull();
  });

  it("refuses an empty name, a '/' inside and a lone surrogate", () => {
    expect(folderNameProblem("a/", "")).toBe("empty");
    expect(folderNameProblem("a/", "b/c")).toBe("slash");
    expect(folderNameProblem("a/", "b/")).toBe("slash");
    expect(folderNameProblem("", "x\uD800")).toBe("invalid");
  });

  it("counts the whole key, parent and trailing '/' included, in UTF-8 bytes", () => {
    const parent = "p/";
    const fits = "a".repeat(MAX_KEY_BYTES - parent.length - 1);
    expect(folderNameProblem(parent, fits)).toBeNull();
    expect(folderNameProblem(parent, fits + "a")).toBe("tooLong");
    // 3 bytes each: 249 of them and the "/" make 748 bytes, 250 make 751.
    expect(folderNameProblem("", "照".repeat(249))).toBeNull();
    expect(folderNameProblem("", "照".repeat(250))).toBe("tooLong");
  });

  it("makes the folder's key like kodo-browser does", () => {
    expect(folderKey("", "a")).toBe("a/");
    expect(folderKey("x/y/", "a")).toBe("x/y/a/");
  });
});

describe("folder job prefixes", () => {
  it("renames in the same parent, empty segments kept", () => {
    expect(renamedPrefix("a/b/", "c")).toBe("a/c/");
    expect(renamedPrefix("b/", "c")).toBe("c/");
    expect(renamedPrefix("a//b/", "c")).toBe("a//c/");
  });

  it("moves into a destination folder, keeping the name", () => {
    expect(movedPrefix("a/b/", "x/")).toBe("x/b/");
    expect(movedPrefix("a/b/", "x")).toBe("x/b/");
    expect(movedPrefix("a/b/", "")).toBe("b/");
    expect(folderName("a//")).toBe("");
    expect(folderName("a/b/")).toBe("b");
  });

  it("sees a target inside its source", () => {
    expect(targetInsideSource("a/", "a/a/")).toBe(true);
    expect(targetInsideSource("a/", "a/")).toBe(true);
    expect(targetInsideSource("a/", "ab/")).toBe(false);
  });
});

describe("folder actions a role gets", () => {
  it("needs the batch right, then what each operation writes or deletes", () => {
    expect(folderJobKinds({ batch: false, write: true, delete: true })).toEqual([]);
    expect(folderJobKinds({ batch: true, write: true, delete: true })).toEqual(["rename", "move", "copy", "delete"]);
    expect(folderJobKinds({ batch: true, write: true, delete: false })).toEqual(["copy"]);
    expect(folderJobKinds({ batch: true, write: false, delete: false })).toEqual([]);
  });
});
