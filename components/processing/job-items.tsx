"use client";

import Link from "next/link";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { buttonClass } from "@/components/ui/field-styles";
import { bucketHref } from "@/lib/buckets/browser-url";
import { folderOf } from "@/lib/buckets/paths";
import { commandWithoutSaveas, type PfopItemView } from "@/lib/processing/view";
import { OutputPreview } from "./output-preview";
import { StatusBadge } from "./status-badge";

function ItemRow({ item }: { item: PfopItemView }) {
  const t = useT();
  const [preview, setPreview] = useState(false);
  const [showResult, setShowResult] = useState(false);
  return (
    <li className="space-y-1 py-2" data-testid="pfop-item">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge code={item.code} testId="pfop-item-status" />
        <code className="break-all text-xs" title={item.cmd}>
          {commandWithoutSaveas(item.cmd)}
        </code>
      </div>
      {item.error && (
        <p className="text-sm text-red-600 dark:text-red-400" data-testid="pfop-item-error">
          {item.error}
        </p>
      )}
      {item.key && item.bucket && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-500">{t("processing.jobs.output")}:</span>
          <Link
            href={bucketHref(item.bucket, { prefix: folderOf(item.key), key: item.key })}
            className="break-all text-brand-600 underline"
            data-testid="pfop-output-link"
          >
            {item.bucket}/{item.key}
          </Link>
          {item.returnOld && <span className="text-xs text-amber-700 dark:text-amber-300">({t("processing.jobs.returnOld")})</span>}
          <button type="button" className={buttonClass} aria-expanded={preview} onClick={() => setPreview((p) => !p)} data-testid="pfop-preview-toggle">
            {preview ? t("processing.jobs.hidePreview") : t("processing.jobs.preview")}
          </button>
          {item.result !== undefined && (
            <button type="button" className={buttonClass} aria-expanded={showResult} onClick={() => setShowResult((s) => !s)}>
              {t("processing.jobs.result")}
            </button>
          )}
        </div>
      )}
      {preview && item.key && item.bucket && <OutputPreview bucket={item.bucket} objectKey={item.key} hash={item.hash} />}
      {showResult && (
        <pre tabIndex={0} className="max-h-64 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800" data-testid="pfop-item-result">
          {JSON.stringify(item.result, null, 2)}
        </pre>
      )}
    </li>
  );
}

export function JobItems({ items, fops }: { items: PfopItemView[]; fops: string[] }) {
  const t = useT();
  // Before the first status answer only the submitted commands are known.
  const rows: PfopItemView[] = items.length > 0 ? items : fops.map((cmd) => ({ cmd, code: 1, returnOld: false }));
  return (
    <div>
      <h3 className="text-sm font-medium">{t("processing.jobs.items")}</h3>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map((item, i) => (
          <ItemRow key={i} item={item} />
        ))}
      </ul>
    </div>
  );
}
