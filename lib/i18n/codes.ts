// Codes the user can see, put into words in the active language. Pure: used by server components, actions and the
// browser alike, each with its own `t`.
import { codeForStatus, QiniuError, type QiniuErrorCode } from "@/lib/qiniu/errors";
import type { Translate } from "./engine";
import type { MessageKey } from "./translate";

/**
 * Qiniu's refusals (400 "invalid referer pattern", 612, 614 "rule exists", 631…) explain what to fix, so its own text is
 * kept; failures without such an answer (network, timeout, 5xx, refused keys) show only the translation, no internals.
 */
function showsOriginal(err: Pick<QiniuError, "code" | "status" | "message">): boolean {
  const { status } = err;
  return (
    status >= 400 &&
    status < 700 &&
    !(status >= 500 && status < 600) &&
    err.code !== "unauthorized" &&
    Boolean(err.message) &&
    !err.message.startsWith("Qiniu request failed")
  );
}

/** Qiniu's error in the user's language, Qiniu's own words kept beside it (the request id travels separately). */
export function describeQiniuError(t: Translate, err: Pick<QiniuError, "code" | "status" | "message"> & { timeoutMs?: number }): string {
  const seconds = err.timeoutMs !== undefined ? Math.round(err.timeoutMs / 100) / 10 : 0;
  const text = t(`codes.qiniu.${err.code}` as MessageKey, { status: err.status || err.code, seconds });
  const original = showsOriginal(err) ? err.message.slice(0, 500) : "";
  return original ? t("codes.qiniuSaid", { text, message: original }) : text;
}

/** A Qiniu status or batch item code (612, 614, 631…) in words; the code itself when it has no name. */
export function qiniuCodeText(t: Translate, code: number | string): string {
  const status = typeof code === "number" ? code : Number(code);
  if (!Number.isInteger(status)) return String(code);
  const named: QiniuErrorCode = codeForStatus(status);
  return named === "unknown" ? String(code) : t(`codes.qiniu.${named}` as MessageKey, { status });
}

/** An audit action name (`objects.delete`) in words; the name itself when it has no translation yet. */
export function actionLabel(t: Translate, action: string): string {
  const key = `codes.actions.${action}`;
  const text = t(key as MessageKey);
  return text === key ? action : text;
}
