// Bench page script (bundled by run.mjs): uploads the chosen file to the emulator with our uploader (the Upload
// page's queue: our multipart transport, tokens in batches, local etag in Web Workers) and with plain qiniu-js.
import * as qiniu from "qiniu-js";
import { UploadQueue } from "../../lib/upload/engine/queue";
import { createWorkerHasher } from "../../lib/upload/engine/hasher";
import type { TransportConfig } from "../../lib/upload/transport-config";
import type { IssuedToken, TokenRequestFile } from "../../lib/upload/token-contract";

export interface BenchResult {
  /** Until the storage service acknowledged the upload. */
  uploadMs: number;
  /** Until the local hash was checked too (ours only). */
  doneMs?: number;
  hash?: string;
  status?: string;
}

declare global {
  interface Window {
    benchOurs(key: string, transport: TransportConfig): Promise<BenchResult>;
    benchPlain(key: string, uphost: string): Promise<BenchResult>;
  }
}

const file = (): File => {
  const f = (document.getElementById("f") as HTMLInputElement).files?.[0];
  if (!f) throw new Error("no file chosen");
  return f;
};

async function tokens(files: TokenRequestFile[]): Promise<IssuedToken[]> {
  const res = await fetch("/tokens", { method: "POST", body: JSON.stringify(files) });
  return (await res.json()) as IssuedToken[];
}

window.benchPlain = async (key, uphost) => {
  const t0 = performance.now();
  const [t] = await tokens([{ id: "p", bucket: "", prefix: "", relativePath: key, size: 0, mimeType: "", overwrite: false }]);
  if (!t.ok) throw new Error(t.problem);
  const res = await new Promise<{ hash: string }>((resolve, reject) =>
    qiniu.upload(file(), key, t.token, {}, { uphost, upprotocol: "http", disableStatisticsReport: true }).subscribe({ error: reject, complete: resolve }),
  );
  return { uploadMs: performance.now() - t0, hash: res.hash };
};

window.benchOurs = (key, transport) =>
  new Promise<BenchResult>((resolve) => {
    const queue = new UploadQueue({
      callback: false,
      transport,
      tokens,
      hasher: createWorkerHasher({ createWorker: () => new Worker("/worker.js", { type: "module" }) as never }),
    });
    const t0 = performance.now();
    let uploadMs: number | undefined;
    queue.subscribe(() => {
      const snap = queue.getSnapshot();
      const item = snap.items[0];
      if (uploadMs === undefined && (item.status === "verifying" || item.status === "done" || item.status === "failed")) uploadMs = performance.now() - t0;
      if (snap.finished) {
        queue.dispose();
        resolve({
          uploadMs: uploadMs ?? performance.now() - t0,
          doneMs: performance.now() - t0,
          hash: item.result?.hash,
          status: item.hash?.state ?? item.status,
        });
      }
    });
    queue.add([{ file: file(), relativePath: key }], { bucket: "", prefix: "", overwrite: false });
  });
