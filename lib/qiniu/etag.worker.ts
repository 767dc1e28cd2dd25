// Web Worker: hashes 4 MiB blocks for etag-browser.ts. Loaded with
// `new Worker(new URL("./etag.worker.ts", import.meta.url), { type: "module" })`.
import { handleEtagBlockRequest, type EtagBlockRequest, type EtagBlockResponse } from "./etag-blocks";

// tsconfig has the DOM lib, not WebWorker: describe the two members we use.
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<EtagBlockRequest>) => void) | null;
  postMessage(message: EtagBlockResponse): void;
};

scope.onmessage = (e) => {
  void handleEtagBlockRequest(e.data).then((res) => scope.postMessage(res));
};
