"use client";

import { useT } from "@/components/i18n-provider";
import type { MessageKey } from "@/lib/i18n/translate";
import { planItems, type SourceKey } from "@/lib/batch/plan";
import type { BatchOperation } from "@/lib/batch/spec";
import { ObjectKey } from "@/components/ui/object-key";

/** Source → target for the first few keys, computed with the same code the server plans with. */
export function TargetPreview({ operation, bucket, keys }: { operation: BatchOperation; bucket: string; keys: SourceKey[] }) {
  const t = useT();
  if (keys.length === 0) return null;
  const items = planItems(operation, bucket, keys.slice(0, 5));
  return (
    <div className="text-xs" data-testid="batch-preview">
      <p className="font-medium text-slate-600 dark:text-slate-400">{t("batch.op.preview")}</p>
      <ul className="mt-1 space-y-0.5 font-mono">
        {items.map((item) => (
          <li key={item.key} className="truncate whitespace-pre">
            <ObjectKey value={item.key} />
            {" → "}
            {item.skip ? (
              <span className="text-amber-700">{t("batch.op.previewSkip", { reason: t(`batch.skip.${item.skip}` as MessageKey) })}</span>
            ) : (
              <>
                {item.targetBucket !== item.bucket && `${item.targetBucket}:`}
                <ObjectKey value={item.targetKey ?? ""} />
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
