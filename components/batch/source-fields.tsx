"use client";

import { useId } from "react";
import { useT } from "@/components/i18n-provider";
import type { KeyList } from "@/lib/batch/key-list";
import { inputClass, labelClass } from "@/components/ui/field-styles";

export type SourceKind = "selection" | "keys" | "prefix";

export interface SourceState {
  kind: SourceKind;
  bucket: string;
  prefix: string;
  text: string;
  fileName?: string;
}

/** Where the objects come from: the browser's selection, a pasted/uploaded list, or everything under a prefix. */
export function SourceFields({
  value,
  onChange,
  buckets,
  selection,
  list,
}: {
  value: SourceState;
  onChange: (next: SourceState) => void;
  buckets: string[];
  selection: { bucket: string; keys: string[] } | null;
  list: KeyList | null;
}) {
  const t = useT();
  const id = useId();
  const set = (patch: Partial<SourceState>) => onChange({ ...value, ...patch });
  const kinds: SourceKind[] = ["selection", "keys", "prefix"];
  const kindLabel = { selection: "batch.source.fromSelection", keys: "batch.source.fromKeys", prefix: "batch.source.fromPrefix" } as const;
  return (
    <fieldset className="space-y-3">
      <legend className="text-base font-semibold">{t("batch.source.title")}</legend>
      <div role="radiogroup" className="flex flex-wrap gap-3 text-sm">
        {kinds.map((kind) => (
          <label key={kind} className="flex items-center gap-1.5">
            <input type="radio" name={`${id}-kind`} checked={value.kind === kind} onChange={() => set({ kind })} data-testid={`batch-source-${kind}`} />
            {t(kindLabel[kind])}
          </label>
        ))}
      </div>
      {value.kind === "selection" ? (
        <p className="text-sm" data-testid="batch-selection-info">
          {selection && selection.keys.length > 0
            ? t("batch.source.selectionCount", { count: selection.keys.length, bucket: selection.bucket })
            : t("batch.source.selectionEmpty")}
        </p>
      ) : (
        <div>
          <label htmlFor={`${id}-bucket`} className={labelClass}>
            {t("batch.source.bucket")}
          </label>
          <input
            id={`${id}-bucket`}
            list={`${id}-buckets`}
            className={`${inputClass} max-w-xs`}
            value={value.bucket}
            onChange={(e) => set({ bucket: e.target.value.trim() })}
            placeholder={t("batch.source.bucketPlaceholder")}
            data-testid="batch-bucket"
          />
          <datalist id={`${id}-buckets`}>
            {buckets.map((b) => (
              <option key={b} value={b} />
            ))}
          </datalist>
        </div>
      )}
      {value.kind === "prefix" && (
        <div>
          <label htmlFor={`${id}-prefix`} className={labelClass}>
            {t("batch.source.prefix")}
          </label>
          <input
            id={`${id}-prefix`}
            className={`${inputClass} max-w-md font-mono`}
            value={value.prefix}
            onChange={(e) => set({ prefix: e.target.value })}
            data-testid="batch-prefix"
          />
          <p className="mt-1 text-xs text-slate-500">{t("batch.source.prefixHint")}</p>
        </div>
      )}
      {value.kind === "keys" && (
        <div className="space-y-1">
          <label htmlFor={`${id}-keys`} className={labelClass}>
            {t("batch.source.paste")}
          </label>
          <textarea
            id={`${id}-keys`}
            rows={6}
            className={`${inputClass} font-mono`}
            value={value.text}
            onChange={(e) => set({ text: e.target.value, fileName: undefined })}
            data-testid="batch-keys"
          />
          <p className="text-xs text-slate-500">{t("batch.source.pasteHint")}</p>
          <label className="inline-block text-sm">
            <span className="mr-2">{t("batch.source.upload")}</span>
            <input
              type="file"
              accept=".csv,.txt,text/csv,text/plain"
              data-testid="batch-keys-file"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) set({ text: await file.text(), fileName: file.name });
              }}
            />
          </label>
          {list && <KeyListSummary list={list} />}
        </div>
      )}
    </fieldset>
  );
}

function KeyListSummary({ list }: { list: KeyList }) {
  const t = useT();
  return (
    <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="batch-keys-summary">
      {t("batch.source.parsed", { count: list.keys.length })}
      {list.duplicates > 0 && ` · ${t("batch.source.duplicates", { count: list.duplicates })}`}
      {list.problems.length > 0 && ` · ${t("batch.source.problems", { count: list.problems.length })}`}
      {list.hasTargets && ` · ${t("batch.source.withTargets")}`}
    </p>
  );
}
