// Bench page script (bundled by browser.mjs): hashes the chosen file with the browser etag.
import { etagOfBlob } from "../../lib/qiniu/etag-browser";

declare global {
  interface Window {
    benchEtag(workers: number): Promise<{ etag: string; ms: number }>;
  }
}

window.benchEtag = async (workers: number) => {
  const input = document.getElementById("f") as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) throw new Error("no file chosen");
  const t = performance.now();
  const etag = await etagOfBlob(file, { workers, createWorker: () => new Worker("/worker.js", { type: "module" }) as never });
  return { etag, ms: performance.now() - t };
};
