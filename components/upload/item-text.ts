// Item errors and states as user-facing text.
import type { ItemError, ItemSnapshot } from "../../lib/upload/engine/types";
import { formatBytes } from "@/lib/i18n/format";
import { describeQiniuError } from "@/lib/i18n/codes";
import { codeForStatus } from "@/lib/qiniu/errors";
import type { Translate } from "@/lib/i18n/engine";

export function errorText(t: Translate, item: Pick<ItemSnapshot, "error" | "mimeType">, maxFileBytes: number): string {
  const e: ItemError | undefined = item.error;
  if (!e) return "";
  switch (e.kind) {
    case "problem":
      if (e.problem === "tooLarge") return t("upload.problems.tooLarge", { size: formatBytes(maxFileBytes) });
      if (e.problem === "mimeNotAllowed") return t("upload.problems.mimeNotAllowed", { type: item.mimeType || "application/octet-stream" });
      return t(`upload.problems.${e.problem}`);
    case "tokens":
      return t("upload.errors.tokens", { message: e.message });
    case "upload":
      return uploadErrorText(t, e.code, e.message) + (e.reqId ? ` (reqId ${e.reqId})` : "");
  }
}

function uploadErrorText(t: Translate, code: number, message: string): string {
  switch (code) {
    case 0:
      return t("upload.errors.network");
    case 401:
      return t("upload.errors.unauthorized");
    case 403:
      return t("upload.errors.forbidden", { message });
    case 413:
      return t("upload.errors.tooLarge");
    case 614:
      return t("upload.errors.exists");
    case 579:
      return t("upload.errors.callbackFailed", { message });
    case -1:
      return t("upload.errors.unknown", { message });
    default:
      // Qiniu's code in words (612, 631, 701…), Qiniu's own text kept beside it.
      return describeQiniuError(t, { code: codeForStatus(code), status: code, message });
  }
}
