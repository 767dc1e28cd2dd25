import { describe, expect, it } from "vitest";
import { collectEntries, collectInput } from "@/lib/upload/engine/collect-files";

// Minimal stand-ins for the browser's FileSystemEntry tree (what DataTransferItem.webkitGetAsEntry returns).
function fileEntry(fullPath: string, content = "x"): FileSystemFileEntry {
  const name = fullPath.split("/").pop()!;
  return { isFile: true, isDirectory: false, name, fullPath, file: (ok: (f: File) => void) => ok(new File([content], name)) } as unknown as FileSystemFileEntry;
}

function dirEntry(fullPath: string, children: FileSystemEntry[], pageSize = 2): FileSystemDirectoryEntry {
  return {
    isFile: false,
    isDirectory: true,
    name: fullPath.split("/").pop()!,
    fullPath,
    createReader() {
      let at = 0;
      // Browsers hand children out in pages (Chrome: 100) and then an empty page.
      return { readEntries: (ok: (e: FileSystemEntry[]) => void) => ok(children.slice(at, (at += pageSize))) };
    },
  } as unknown as FileSystemDirectoryEntry;
}

describe("collecting dropped files", () => {
  it("walks dropped folders through every page of entries and keeps paths relative to the drop", async () => {
    const site = dirEntry("/site", [
      fileEntry("/site/index.html"),
      dirEntry("/site/css", [fileEntry("/site/css/a.css"), fileEntry("/site/css/b.css"), fileEntry("/site/css/c.css")]),
      fileEntry("/site/robots.txt"),
    ]);
    const { files, failed } = await collectEntries([site, fileEntry("/loose.txt")]);
    expect(failed).toBe(0);
    expect(files.map((f) => f.relativePath)).toEqual(["site/index.html", "site/css/a.css", "site/css/b.css", "site/css/c.css", "site/robots.txt", "loose.txt"]);
    expect(files[0].file.name).toBe("index.html");
  });

  it("counts unreadable entries and goes on", async () => {
    const broken = {
      isFile: true,
      isDirectory: false,
      name: "gone",
      fullPath: "/gone",
      file: (_ok: unknown, fail: (e: Error) => void) => fail(new Error("NotFoundError")),
    };
    const { files, failed } = await collectEntries([broken as unknown as FileSystemEntry, fileEntry("/ok.txt")]);
    expect(failed).toBe(1);
    expect(files.map((f) => f.relativePath)).toEqual(["ok.txt"]);
  });

  it("uses webkitRelativePath from a folder picker, else the name", () => {
    const inFolder = new File(["a"], "a.txt");
    Object.defineProperty(inFolder, "webkitRelativePath", { value: "photos/2026/a.txt" });
    const plain = new File(["b"], "b.txt");
    const list = [inFolder, plain] as unknown as FileList;
    expect(collectInput(list).map((f) => f.relativePath)).toEqual(["photos/2026/a.txt", "b.txt"]);
  });
});
