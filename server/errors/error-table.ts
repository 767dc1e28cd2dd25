import "server-only";
import { randomUUID } from "node:crypto";
import type { ActionError, Translate } from "@/lib/actions/result";
import { describeQiniuError } from "@/lib/i18n/codes";
import { QiniuError, QiniuInputError } from "@/lib/qiniu/errors";
import { ActionFailure } from "./action-failure";

// Any thrown error → the short, translated, safe ActionError users see (actions and GET routes alike), and the HTTP
// status a route answers it with.

/** The caller went away (navigated off, closed the tab): its upstream call was cancelled on purpose. */
export function isAbort(err: unknown): boolean {
  // ResponseAborted: what Next's request signal carries when the browser closed the connection.
  return err instanceof Error && (err.name === "AbortError" || err.name === "ResponseAborted");
}

/** Any thrown error → a short, translated, safe message. Unknown errors are logged with a reference, never shown. */
export function toActionError(err: unknown, t: Translate, name: string): ActionError {
  if (err instanceof ActionFailure) {
    const fields = err.fields ? Object.fromEntries(Object.entries(err.fields).map(([k, key]) => [k, t(key, err.vars)])) : undefined;
    return { code: err.code, message: t(err.messageKey, err.vars), fields, reqId: err.reqId };
  }
  if (err instanceof QiniuInputError) {
    return {
      code: "invalid_input",
      message: t("auth.errors.invalidInputDetail", { detail: err.message }),
      fields: err.field ? { [err.field]: err.message } : undefined,
    };
  }
  if (err instanceof QiniuError) {
    return {
      code: `qiniu.${err.code}`,
      message: describeQiniuError(t, err),
      reqId: err.reqId,
      ...(err.timeoutMs !== undefined ? { timeoutMs: err.timeoutMs } : {}),
    };
  }
  if (isAbort(err)) return { code: "aborted", message: t("codes.qiniu.network") };
  const ref = randomUUID().slice(0, 8);
  console.error(`[action ${name}] failed (ref ${ref}):`, err);
  return { code: "internal", message: t("auth.errors.internal", { ref }) };
}

/** The HTTP status a route answers an ActionError with. */
export function statusOf(error: ActionError): number {
  if (error.code === "unauthorized") return 401;
  if (error.code === "forbidden" || error.code === "cross_site") return 403;
  if (error.code === "not_found") return 404;
  if (error.code === "qiniu.timeout") return 504;
  if (error.code === "aborted") return 499;
  if (error.code === "internal") return 500;
  if (error.code.startsWith("qiniu.")) return 502;
  return 400;
}
