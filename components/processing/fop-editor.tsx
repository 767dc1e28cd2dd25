"use client";

import { useId } from "react";
import { useT } from "@/components/i18n-provider";
import { inputClass } from "@/components/ui/field-styles";
import { describeFopError } from "@/lib/processing/fop-errors";
import type { FopLineCheck } from "@/lib/processing/editor";

/** Free-form fops, one per line, each checked as it is typed (the server checks again on submit). */
export function FopEditor({ value, onChange, checks, error }: { value: string; onChange(v: string): void; checks: FopLineCheck[]; error?: string }) {
  const t = useT();
  const id = useId();
  const invalid = checks.some((c) => !c.ok) || Boolean(error);
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">
        {t("processing.form.fops")}
      </label>
      <textarea
        id={id}
        data-testid="fop-editor"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={4}
        spellCheck={false}
        placeholder={t("processing.form.fopsPlaceholder")}
        aria-invalid={invalid}
        aria-describedby={`${id}-hint ${id}-checks`}
        className={`${inputClass} font-mono`}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {t("processing.form.fopsHint")}
      </p>
      <ul id={`${id}-checks`} aria-live="polite" className="mt-1 space-y-0.5 text-xs" data-testid="fop-checks">
        {checks.map((c, i) => (
          <li
            key={i}
            className={c.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-600 dark:text-red-400"}
            data-testid={c.ok ? "fop-ok" : "fop-error"}
          >
            <span className="text-slate-500">{t("processing.check.line", { line: c.line })}: </span>
            {c.ok ? <Destination check={c} /> : describeFopError(t, c.error)}
          </li>
        ))}
      </ul>
      {error && <p className="mt-1 text-sm text-red-600">{error}</p>}
    </div>
  );
}

function Destination({ check }: { check: Extract<FopLineCheck, { ok: true }> }) {
  const t = useT();
  const s = check.saveas;
  if (s?.key) return <>✓ {t("processing.check.savesTo", { bucket: s.bucket, key: s.key })}</>;
  if (s) return <>✓ {t("processing.check.savesToBucket", { bucket: s.bucket })}</>;
  return <>✓ {t("processing.check.defaultName")}</>;
}
