import "server-only";
// Batches of stat ops only read, so unlike other batches they may be sent again after a dropped connection or a 5xx.
import { QiniuError } from "@/lib/qiniu/errors";
import type { BatchDeps, BatchItemResult } from "./deps";

const ATTEMPTS = 3;

export async function statBatch(deps: BatchDeps, ops: string[]): Promise<BatchItemResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.qiniu.batch(ops);
    } catch (err) {
      const transient = err instanceof QiniuError && (err.code === "network" || err.code === "timeout" || err.status >= 500);
      if (!transient || attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}
