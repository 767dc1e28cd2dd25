import "server-only";
import { QiniuError } from "@/lib/qiniu/errors";
import type { QiniuTransport } from "@/lib/qiniu/http";
import { ActionFailure } from "@/server/actions/wrapper";
import { getQiniu } from "@/server/qiniu";

/**
 * Qiniu's refusals of a setting (400 "invalid referer pattern", 614 "rule exists", …) explain what to fix, so the admin
 * sees Qiniu's own text and request id; failures without such an answer (network, timeout, 5xx, bad keys) are left to
 * the wrapper's translated messages.
 */
export function retellQiniu(err: unknown): unknown {
  if (err instanceof QiniuError && err.status >= 400 && err.status < 700 && !(err.status >= 500 && err.status < 600) && err.code !== "unauthorized") {
    return new ActionFailure(`qiniu.${err.code}`, "buckets.errors.qiniu", { status: err.status, message: err.message.slice(0, 500) }, undefined, err.reqId);
  }
  return err;
}

/** Runs one bucket-management call with the console's Qiniu client. */
export async function qiniuCall<T>(fn: (t: QiniuTransport) => Promise<T>): Promise<T> {
  try {
    return await fn(getQiniu().transport);
  } catch (err) {
    throw retellQiniu(err);
  }
}
