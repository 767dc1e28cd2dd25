"use client";

import { useT } from "@/components/i18n-provider";
import { checkMetadata, type MetaRow } from "@/lib/upload/metadata";

const input = "min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-950";

/** Name/value rows for x-qn-meta-*; each bad row says what is wrong with it as it is typed. */
export function MetadataRows({ rows, onChange }: { rows: MetaRow[]; onChange: (rows: MetaRow[]) => void }) {
  const t = useT();
  const checked = checkMetadata(rows);
  const problemAt = new Map(checked.ok ? [] : checked.problems.map((p) => [p.index, p.problem]));
  const set = (index: number, patch: Partial<MetaRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="grid gap-1.5 text-sm md:col-span-2" data-testid="upload-metadata">
      <legend className="mb-1">{t("upload.target.metadata")}</legend>
      {rows.map((row, index) => {
        const problem = problemAt.get(index);
        return (
          <div key={index} className="grid gap-0.5">
            <div className="flex items-center gap-2">
              <span className="font-mono text-xs text-slate-500">x-qn-meta-</span>
              <input
                aria-label={t("upload.target.metadataName")}
                data-testid="upload-meta-name"
                className={input}
                value={row.name}
                aria-invalid={problem !== undefined && problem !== "value"}
                onChange={(e) => set(index, { name: e.target.value })}
              />
              <input
                aria-label={t("upload.target.metadataValue")}
                data-testid="upload-meta-value"
                className={input}
                value={row.value}
                aria-invalid={problem === "value"}
                onChange={(e) => set(index, { value: e.target.value })}
              />
              <button
                type="button"
                className="rounded px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
                aria-label={t("upload.target.metadataRemove")}
                onClick={() => onChange(rows.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </div>
            {problem && (
              <span data-testid="upload-meta-problem" className="text-xs text-red-700 dark:text-red-300">
                {t(`upload.target.metadataProblems.${problem}`)}
              </span>
            )}
          </div>
        );
      })}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          data-testid="upload-meta-add"
          className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          onClick={() => onChange([...rows, { name: "", value: "" }])}
        >
          {t("upload.target.metadataAdd")}
        </button>
        <span className="text-xs text-slate-500">{t("upload.target.metadataHint")}</span>
      </div>
    </fieldset>
  );
}
