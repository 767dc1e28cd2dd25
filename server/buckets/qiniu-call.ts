import "server-only";
import { QiniuError } from "@/lib/qiniu/errors";
import type { QiniuTransport } from "@/lib/qiniu/http";
import { ActionFailure } from "@/server/actions/wrapper";
import { getQiniu } from "@/server/qiniu";

/**
 * Runs one bucket-management call. Qiniu's refusals of a setting (400 "invalid referer pattern", 614 "rule exists", …)
 * explain what to fix, so the admin sees Qiniu's own text and request id; failures without an answer (network,
 * timeout) keep the wrapper's translated messages.
 */
export async function qiniuCall<T>(fn: (t: QiniuTransport) => Promise<T>): Promise<T> {
  try {
    return await fn(getQiniu().transport);
  } catch (err) {
    if (err instanceof QiniuError && err.status >= 400 && err.code !== "unauthorized" && !(err.status >= 500 && err.status < 600)) {
      throw new ActionFailure(`qiniu.${err.code}`, "buckets.errors.qiniu", { status: err.status, message: err.message.slice(0, 500) }, undefined, err.reqId);
    }
    throw err;
  }
}
