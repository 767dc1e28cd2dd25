"use client";

import { useT } from "@/components/i18n-provider";
import { useCopyLink, type LinkSettings } from "./use-object-link";

export function CopyLinkButton({ bucket, objectKey, link, className }: { bucket: string; objectKey: string; link: LinkSettings; className?: string }) {
  const t = useT();
  const copy = useCopyLink(bucket, link);
  const label = copy.isSuccess ? t("browser.row.copied") : copy.isError ? t("browser.row.copyFailed") : t("browser.row.copyLink");
  return (
    <button
      type="button"
      tabIndex={-1}
      data-testid="row-copy-link"
      title={copy.isError ? copy.error.message : label}
      aria-label={label}
      disabled={copy.isPending || (!link.origin && !link.private)}
      onClick={(e) => {
        e.stopPropagation();
        copy.mutate(objectKey);
      }}
      className={className ?? "rounded px-1.5 py-0.5 text-slate-500 hover:bg-slate-200 hover:text-slate-900 disabled:opacity-40 dark:hover:bg-slate-700 dark:hover:text-white"}
    >
      <span aria-hidden>{copy.isSuccess ? "✓" : copy.isError ? "!" : "🔗"}</span>
    </button>
  );
}
