"use client";

import { useT } from "@/components/i18n-provider";
import type { MessageKey } from "@/lib/i18n/translate";
import type { BatchItemView } from "@/lib/batch/view";
import { visibleKey } from "@/lib/batch/visible-key";
import { ObjectKey } from "@/components/ui/object-key";
import { qiniuCodeText } from "@/lib/i18n/codes";
import { TruncatedText } from "@/components/ui/truncated-text";

const STATUS_STYLE: Record<BatchItemView["status"], string> = {
  pending: "text-slate-500",
  inflight: "text-amber-600",
  done: "text-green-700 dark:text-green-400",
  failed: "text-red-600",
  skipped: "text-slate-400",
};

function codeMessage(t: ReturnType<typeof useT>, code: number, message: string | null): string {
  const text = qiniuCodeText(t, code);
  return text === String(code) ? (message ?? "") : message ? t("codes.qiniuSaid", { text, message }) : text;
}

export function ItemRow({ item }: { item: BatchItemView | undefined }) {
  const t = useT();
  if (!item) return <div className="h-full animate-pulse bg-slate-50 dark:bg-slate-800/40" />;
  const targetBucket = item.targetKey !== null && item.targetBucket !== item.bucket ? `${item.targetBucket}:` : "";
  const check = item.skip ? t(`batch.skip.${item.skip}` as MessageKey) : item.check ? t(`batch.plan.${item.check}`) : "";
  const verified = item.data?.verifiedAfterInterruption === true;
  return (
    <div
      role="row"
      data-testid="batch-item"
      data-status={item.status}
      className="grid h-full grid-cols-[3rem_minmax(10rem,2fr)_minmax(10rem,2fr)_7rem_7rem_5rem_minmax(8rem,1fr)] items-center gap-2 border-b border-slate-100 px-2 dark:border-slate-800"
    >
      <span role="cell" className="text-xs text-slate-400">
        {item.seq + 1}
      </span>
      <span role="cell" className="min-w-0">
        <TruncatedText value={visibleKey(item.key)} testId="batch-item-key">
          <ObjectKey value={item.key} />
        </TruncatedText>
      </span>
      <span role="cell" className="min-w-0">
        {item.targetKey !== null && (
          <TruncatedText value={targetBucket + visibleKey(item.targetKey)} testId="batch-item-target">
            {targetBucket}
            <ObjectKey value={item.targetKey} />
          </TruncatedText>
        )}
      </span>
      <span role="cell" className={`truncate text-xs ${item.check === "conflict" || item.check === "missing" ? "text-amber-600" : ""}`} title={check}>
        {check}
      </span>
      <span role="cell" className={`truncate text-xs ${STATUS_STYLE[item.status]}`} title={verified ? t("batch.items.verified") : undefined}>
        {item.status === "inflight" ? t("batch.items.inflight") : t(`batch.items.${item.status}`)}
        {verified ? " ✓" : ""}
        {item.attempts > 1 ? (
          <span data-testid="batch-item-attempts" className="ml-1 text-slate-400" title={t("batch.items.attempts", { count: item.attempts })}>
            ×{item.attempts}
          </span>
        ) : null}
      </span>
      <span role="cell" className="text-xs" data-code={item.code ?? undefined}>
        {item.code ?? ""}
      </span>
      {/* Qiniu's code in words, Qiniu's own message kept in the tooltip (and shown when the code has no name). */}
      <span role="cell" className="truncate text-xs text-slate-600 dark:text-slate-400" title={item.message ?? undefined}>
        {item.code !== null && item.status === "failed" ? codeMessage(t, item.code, item.message) : (item.message ?? "")}
      </span>
    </div>
  );
}
