"use client";

import { useId } from "react";
import { useT } from "@/components/i18n-provider";
import type { OpForm } from "./op-form";
import { inputClass, labelClass } from "@/components/ui/field-styles";

const KINDS = {
  same: "batch.op.patternSame",
  prefix: "batch.op.patternPrefix",
  replace: "batch.op.patternReplace",
  suffix: "batch.op.patternSuffix",
  explicit: "batch.op.patternExplicit",
} as const;

/** How each target key is derived: same key, prefix replace, find/replace, add suffix, or the list's own targets. */
export function PatternFields({
  value,
  onChange,
  hasTargets,
  allowSame,
}: {
  value: OpForm;
  onChange: (next: OpForm) => void;
  hasTargets: boolean;
  allowSame: boolean;
}) {
  const t = useT();
  const id = useId();
  const set = (patch: Partial<OpForm>) => onChange({ ...value, ...patch });
  const kinds = (Object.keys(KINDS) as OpForm["pattern"][]).filter((k) => (k !== "same" || allowSame) && (k !== "explicit" || hasTargets));
  const text = (field: "from" | "to" | "find" | "replace" | "suffix", label: string) => (
    <div>
      <label htmlFor={`${id}-${field}`} className={labelClass}>
        {label}
      </label>
      <input
        id={`${id}-${field}`}
        className={`${inputClass} font-mono`}
        value={value[field]}
        onChange={(e) => set({ [field]: e.target.value })}
        data-testid={`batch-pattern-${field}`}
      />
    </div>
  );
  return (
    <div className="space-y-2">
      <label htmlFor={`${id}-kind`} className={labelClass}>
        {t("batch.op.pattern")}
      </label>
      <select
        id={`${id}-kind`}
        className={`${inputClass} max-w-xs`}
        value={value.pattern}
        onChange={(e) => set({ pattern: e.target.value as OpForm["pattern"] })}
        data-testid="batch-pattern"
      >
        {kinds.map((k) => (
          <option key={k} value={k}>
            {t(KINDS[k])}
          </option>
        ))}
      </select>
      <div className="grid max-w-2xl gap-2 sm:grid-cols-2">
        {value.pattern === "prefix" && (
          <>
            {text("from", t("batch.op.from"))}
            {text("to", t("batch.op.to"))}
          </>
        )}
        {value.pattern === "replace" && (
          <>
            {text("find", t("batch.op.find"))}
            {text("replace", t("batch.op.replace"))}
          </>
        )}
        {value.pattern === "suffix" && (
          <>
            {text("suffix", t("batch.op.suffix"))}
            <label className="flex items-center gap-1.5 self-end text-sm">
              <input type="checkbox" checked={value.beforeExtension} onChange={(e) => set({ beforeExtension: e.target.checked })} />
              {t("batch.op.beforeExtension")}
            </label>
          </>
        )}
      </div>
    </div>
  );
}
