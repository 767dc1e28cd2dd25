import { describe, expect, it } from "vitest";
import { downloadBaseName, folderUrlListHref, folderZipHref, needsConfirm } from "@/lib/buckets/downloads";

describe("bulk download helpers", () => {
  it("ask first from 1,000 objects or 1 GiB on", () => {
    expect(needsConfirm(999, 1024 ** 3 - 1)).toBe(false);
    expect(needsConfirm(1000, 0)).toBe(true);
    expect(needsConfirm(1, 1024 ** 3)).toBe(true);
  });

  it("put the prefix in the query, encoded, and the bucket in the path", () => {
    expect(folderZipHref("b-1", "a b/#?&/")).toBe("/api/buckets/b-1/zip?prefix=a+b%2F%23%3F%26%2F");
    expect(new URL(folderUrlListHref("b", "x/", "aria2"), "http://h").searchParams.get("format")).toBe("aria2");
  });

  it("name the file after the folder", () => {
    expect(downloadBaseName("photos/2024/")).toBe("2024");
    expect(downloadBaseName("")).toBe("download");
  });
});
