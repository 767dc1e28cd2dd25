// Bench page script (bundled by browser.mjs): hashes the chosen file with the browser etag.
import { etagOfBlob } from "../../lib/qiniu/etag-browser";

declare global {
  interface Window {
    benchEtag(workers: number): Promise<{ etag: string; ms: number }>;
    benchRead(): Promise<{ bytes: number; ms: number }>;
    benchDigest(): Promise<{ bytes: number; ms: number }>;
  }
}

function chosenFile(): File {
  const file = (document.getElementById("f") as HTMLInputElement).files?.[0];
  if (!file) throw new Error("no file chosen");
  return file;
}

/** Chromium's own ceiling for reading a chosen file: one stream over it, nothing done with the bytes. */
window.benchRead = async () => {
  const t = performance.now();
  const reader = chosenFile().stream().getReader();
  let bytes = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
  return { bytes, ms: performance.now() - t };
};

/** Web Crypto SHA-1 of 4 MiB blocks already in memory, on the page thread: the hashing ceiling per thread. */
window.benchDigest = async () => {
  const block = new Uint8Array(4 * 1024 * 1024);
  crypto.getRandomValues(block.subarray(0, 65536));
  const t = performance.now();
  for (let i = 0; i < 64; i++) await crypto.subtle.digest("SHA-1", block);
  return { bytes: 64 * block.length, ms: performance.now() - t };
};

window.benchEtag = async (workers: number) => {
  const input = document.getElementById("f") as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) throw new Error("no file chosen");
  const t = performance.now();
  const etag = await etagOfBlob(file, { workers, createWorker: () => new Worker("/worker.js", { type: "module" }) as never });
  return { etag, ms: performance.now() - t };
};
