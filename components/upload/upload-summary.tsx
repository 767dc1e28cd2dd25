"use client";

import Link from "next/link";
import { useT } from "@/components/i18n-provider";
import type { QueueTotals } from "../../lib/upload/engine/types";
import { formatBytes, formatDuration } from "@/lib/i18n/format";

/** Shown when every queued file has finished. */
export function UploadSummary({ totals, browseHref }: { totals: QueueTotals; browseHref: string }) {
  const t = useT();
  const seconds = totals.elapsedMs / 1000;
  const ok = totals.failed === 0 && totals.refused === 0 && totals.mismatches === 0;
  return (
    <section
      data-testid="upload-summary"
      role="status"
      className={`rounded-lg border p-4 text-sm ${
        ok
          ? "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40"
          : "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/40"
      }`}
    >
      <h2 className="font-medium">{t("upload.summary.title")}</h2>
      <p className="mt-1" data-testid="upload-summary-line">
        {t("upload.summary.line", { done: totals.done, failed: totals.failed, canceled: totals.canceled, refused: totals.refused })}
      </p>
      <p className="mt-1 text-slate-600 dark:text-slate-400">
        {t("upload.summary.stats", {
          size: formatBytes(totals.loaded),
          time: formatDuration(seconds),
          speed: formatBytes(seconds > 0 ? totals.loaded / seconds : 0),
        })}
      </p>
      {totals.skipped > 0 && <p className="mt-1">{t("upload.summary.skipped", { count: totals.skipped })}</p>}
      {totals.mismatches > 0 && (
        <p className="mt-1 font-medium text-red-700 dark:text-red-300">{t("upload.summary.mismatches", { count: totals.mismatches })}</p>
      )}
      <Link href={browseHref} className="mt-2 inline-block text-brand-600 underline dark:text-brand-100">
        {t("upload.summary.browse")}
      </Link>
    </section>
  );
}
