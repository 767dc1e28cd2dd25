import { describe, expect, it } from "vitest";
import { canThumbnail, extensionOf, fileKind, previewKind } from "@/lib/buckets/file-kind";
import { isStorageClass, needsRestore } from "@/lib/buckets/storage-class";

describe("file kinds", () => {
  it("prefers a specific MIME type and falls back to the extension", () => {
    expect(fileKind("x.bin", "image/png")).toBe("image");
    expect(fileKind("photo.JPG", "application/octet-stream")).toBe("image");
    expect(fileKind("data", "application/json; charset=utf-8")).toBe("json");
    expect(fileKind("a.geo", "application/geo+json")).toBe("json");
    expect(fileKind("clip.mp4", "")).toBe("video");
    expect(fileKind("doc.pdf", undefined)).toBe("pdf");
    expect(fileKind("dir.v1/README", "")).toBe("other");
    expect(fileKind(".bashrc", "")).toBe("other");
    expect(extensionOf("a.b/c")).toBe("");
    expect(extensionOf("a/b.TAR.GZ")).toBe("gz");
  });

  it("chooses a preview and thumbnails only raster images", () => {
    expect(previewKind("a.txt", "text/plain")).toBe("text");
    expect(previewKind("a.ts", "video/mp2t")).toBe("video");
    expect(previewKind("a.js", "")).toBe("text");
    expect(previewKind("a.mp3", "audio/mpeg")).toBe("audio");
    expect(previewKind("a.zip", "application/zip")).toBe("none");
    expect(previewKind("a.html", "text/html")).toBe("text");
    expect(previewKind("a.svg", "image/svg+xml")).toBe("image");
  });

  it("frames only objects stored as PDF (the frame renders whatever type the download host sends)", () => {
    expect(previewKind("doc.pdf", "application/pdf")).toBe("pdf");
    expect(previewKind("doc", "application/PDF; qs=1")).toBe("pdf");
    expect(previewKind("doc.pdf", "application/octet-stream")).toBe("none");
    expect(previewKind("doc.pdf", undefined)).toBe("none");
    expect(previewKind("doc.pdf", "text/html")).toBe("text");
    expect(canThumbnail("a.jpg", "image/jpeg")).toBe(true);
    expect(canThumbnail("a.svg", "image/svg+xml")).toBe(false);
    expect(canThumbnail("a.txt", "text/plain")).toBe(false);
  });

  it("knows the storage classes and which need a restore", () => {
    expect([0, 1, 2, 3, 4, 5].map(needsRestore)).toEqual([false, false, true, true, false, false]);
    expect(isStorageClass(4)).toBe(true);
    // 5 = intelligent tiering (developer.qiniu.com/kodo/3710/chtype).
    expect(isStorageClass(5)).toBe(true);
    expect(isStorageClass(6)).toBe(false);
  });
});
