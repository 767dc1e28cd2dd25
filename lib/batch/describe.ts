// Every parameter of a batch job in words, for the confirmation before a run: the user confirms exactly what will happen
// (operation, source, target bucket, key rule, overwrite, class, MIME, days) and sees apart how many items the dry run
// expects to fail. Pure: used by the page and its tests.
import { isStorageClass, STORAGE_CLASS_NAMES } from "@/lib/buckets/storage-class";
import type { KeyPattern } from "./spec";
import type { BatchJobView } from "./view";
import type { Translate } from "@/lib/i18n/engine";

export interface ParamRow {
  label: string;
  value: string;
}

function patternText(t: Translate, p: KeyPattern): string {
  switch (p.kind) {
    case "same":
      return t("batch.op.patternSame");
    case "prefix":
      return `${t("batch.op.patternPrefix")}: “${p.from}” → “${p.to}”`;
    case "replace":
      return `${t("batch.op.patternReplace")}: “${p.find}” → “${p.replace}”`;
    case "suffix":
      return `${t("batch.op.patternSuffix")}: “${p.suffix}”${p.beforeExtension ? ` (${t("batch.op.beforeExtension")})` : ""}`;
    case "explicit":
      return t("batch.op.patternExplicit");
  }
}

function sourceText(t: Translate, job: Pick<BatchJobView, "source" | "bucket">): string {
  const s = job.source;
  if (s.kind === "prefix") return `${job.bucket}:${s.prefix || "/"}`;
  return `${job.bucket} (${t(s.kind === "undo" ? "batch.confirm.params.undoSource" : "batch.confirm.params.listed")})`;
}

export function jobParams(t: Translate, job: Pick<BatchJobView, "operation" | "source" | "bucket">): ParamRow[] {
  const op = job.operation;
  const rows: ParamRow[] = [
    { label: t("batch.confirm.params.operation"), value: t(`batch.op.${op.op}`) },
    { label: t("batch.confirm.params.source"), value: sourceText(t, job) },
  ];
  const yesNo = (b: boolean) => t(b ? "batch.confirm.params.yes" : "batch.confirm.params.no");
  switch (op.op) {
    case "copy":
    case "move":
      rows.push({ label: t("batch.op.targetBucket"), value: op.targetBucket });
      rows.push({ label: t("batch.op.pattern"), value: patternText(t, op.pattern) }, { label: t("batch.op.overwrite"), value: yesNo(op.overwrite) });
      break;
    case "rename":
      rows.push({ label: t("batch.op.pattern"), value: patternText(t, op.pattern) }, { label: t("batch.op.overwrite"), value: yesNo(op.overwrite) });
      break;
    case "chgm":
      rows.push({ label: t("batch.op.mime"), value: op.mime });
      break;
    case "chtype":
      rows.push({
        label: t("batch.op.storageClass"),
        value: isStorageClass(op.type) ? t(`browser.storageClass.${STORAGE_CLASS_NAMES[op.type]}`) : String(op.type),
      });
      break;
    case "deleteAfterDays":
      rows.push({ label: t("batch.op.days"), value: String(op.days) });
      break;
    case "restoreAr":
      rows.push({ label: t("batch.op.freezeAfterDays"), value: String(op.freezeAfterDays) });
      break;
    default:
      break;
  }
  return rows;
}

/** Items the dry run expects to fail: an existing target without overwrite, or a missing source. */
export function expectedFailures(job: Pick<BatchJobView, "plan">): { conflict: number; missing: number; total: number } {
  const conflict = job.plan?.checks.conflict ?? 0;
  const missing = job.plan?.checks.missing ?? 0;
  return { conflict, missing, total: conflict + missing };
}
