import "server-only";
import type { QiniuTransport } from "@/lib/qiniu/http";
import { getQiniu } from "@/server/qiniu";

/** Runs one bucket-management call with the console's Qiniu client. */
export async function qiniuCall<T>(fn: (t: QiniuTransport) => Promise<T>): Promise<T> {
  // Qiniu's refusals reach the admin through the wrapper, translated with Qiniu's own text (lib/i18n/codes.ts).
  return fn(getQiniu().transport);
}
