// Turns a drop or a file-picker selection into files with their paths relative to what the user chose, so a dropped
// folder `site/` gives `site/css/a.css`. Folders come through DataTransferItem.webkitGetAsEntry (every current browser).

export interface PickedFile {
  file: File;
  /** `dir/sub/name.ext` for files inside a chosen folder, else the bare name. */
  relativePath: string;
}

export interface Collected {
  files: PickedFile[];
  /** Entries that could not be read (permissions, vanished files). */
  failed: number;
}

/**
 * Must run synchronously inside the drop handler: the DataTransferItemList is emptied when the event returns.
 * Returns the entries to walk later, plus plain files from browsers or sources without entries.
 */
export function takeDropped(dt: DataTransfer): { entries: FileSystemEntry[]; files: File[] } {
  const entries: FileSystemEntry[] = [];
  const files: File[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== "file") continue;
    const entry = typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) files.push(f);
    }
  }
  if (entries.length === 0 && files.length === 0) files.push(...Array.from(dt.files ?? []));
  return { entries, files };
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** One directory's children; readEntries returns them in pages (Chrome: 100) until an empty page. */
async function childrenOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const page = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (page.length === 0) return all;
    all.push(...page);
  }
}

/** Walks dropped entries depth-first (iteratively: deep trees must not overflow the stack). */
export async function collectEntries(entries: FileSystemEntry[], onProgress?: (count: number) => void): Promise<Collected> {
  const files: PickedFile[] = [];
  let failed = 0;
  const stack = [...entries].reverse();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    try {
      if (entry.isFile) {
        const file = await fileOf(entry as FileSystemFileEntry);
        files.push({ file, relativePath: entry.fullPath.replace(/^\/+/, "") || file.name });
        if (files.length % 200 === 0) onProgress?.(files.length);
      } else if (entry.isDirectory) {
        const children = await childrenOf(entry as FileSystemDirectoryEntry);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      }
    } catch {
      failed++;
    }
  }
  return { files, failed };
}

/** Files from `<input type=file>`; with `webkitdirectory` each carries its path inside the chosen folder. */
export function collectInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}
