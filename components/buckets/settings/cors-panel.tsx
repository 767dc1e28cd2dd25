"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { CORS_METHODS, MAX_CORS_RULES, type CorsRule } from "@/lib/qiniu/bucket-types";
import { getCorsRules, setCorsRules } from "@/server/actions/bucket-admin";
import { button, call, card, Field, hint, input, lines, Loadable, primary, useSave } from "./common";
import { bucketKeys } from "./query-keys";

interface Draft {
  origins: string;
  methods: string[];
  headers: string;
  exposed: string;
  maxAge: string;
}

const toDraft = (r: CorsRule): Draft => ({
  origins: r.allowed_origin.join("\n"),
  methods: r.allowed_method,
  headers: (r.allowed_header ?? []).join("\n"),
  exposed: (r.exposed_header ?? []).join("\n"),
  maxAge: r.max_age === undefined ? "" : String(r.max_age),
});

function RuleEditor({ n, draft, onChange, onRemove }: { n: number; draft: Draft; onChange(d: Draft): void; onRemove(): void }) {
  const t = useT();
  const id = useId();
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" data-testid="cors-rule">
      <legend className="px-1 text-sm font-medium">{t("buckets.cors.rule", { n })}</legend>
      <Field label={t("buckets.cors.origins")} htmlFor={`${id}-o`}>
        <textarea
          id={`${id}-o`}
          className={`${input} font-mono`}
          rows={2}
          data-testid="cors-origins"
          value={draft.origins}
          onChange={(e) => set({ origins: e.target.value })}
        />
      </Field>
      <div>
        <p className="text-sm font-medium">{t("buckets.cors.methods")}</p>
        <div className="flex flex-wrap gap-3">
          {CORS_METHODS.map((m) => (
            <label key={m} className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={draft.methods.includes(m)}
                onChange={(e) => set({ methods: e.target.checked ? [...draft.methods, m] : draft.methods.filter((x) => x !== m) })}
              />
              {m}
            </label>
          ))}
        </div>
      </div>
      <Field label={t("buckets.cors.headers")} htmlFor={`${id}-h`}>
        <textarea id={`${id}-h`} className={`${input} font-mono`} rows={2} value={draft.headers} onChange={(e) => set({ headers: e.target.value })} />
      </Field>
      <Field label={t("buckets.cors.exposed")} htmlFor={`${id}-e`}>
        <textarea id={`${id}-e`} className={`${input} font-mono`} rows={2} value={draft.exposed} onChange={(e) => set({ exposed: e.target.value })} />
      </Field>
      <Field label={t("buckets.cors.maxAge")} htmlFor={`${id}-m`}>
        <input
          id={`${id}-m`}
          className={input}
          inputMode="numeric"
          data-testid="cors-maxage"
          value={draft.maxAge}
          onChange={(e) => set({ maxAge: e.target.value })}
        />
      </Field>
      <button type="button" className={button} onClick={onRemove}>
        {t("buckets.cors.remove")}
      </button>
    </fieldset>
  );
}

function CorsForm({ bucket, initial }: { bucket: string; initial: CorsRule[] }) {
  const t = useT();
  const [drafts, setDrafts] = useState<Draft[]>(initial.map(toDraft));
  const { save, pending, notice, setNotice } = useSave(setCorsRules, [bucketKeys.cors(bucket)]);
  const submit = () => {
    const rules: CorsRule[] = [];
    for (const d of drafts) {
      const origins = lines(d.origins);
      if (origins.length === 0) return setNotice({ tone: "error", text: t("buckets.cors.needOrigin") });
      if (d.methods.length === 0) return setNotice({ tone: "error", text: t("buckets.cors.needMethod") });
      if (d.maxAge.trim() !== "" && !/^\d+$/.test(d.maxAge.trim())) return setNotice({ tone: "error", text: t("buckets.errors.notNumber") });
      rules.push({
        allowed_origin: origins,
        allowed_method: CORS_METHODS.filter((m) => d.methods.includes(m)),
        allowed_header: lines(d.headers),
        exposed_header: lines(d.exposed),
        ...(d.maxAge.trim() !== "" ? { max_age: Number(d.maxAge.trim()) } : {}),
      });
    }
    save({ bucket, rules: rules as Parameters<typeof setCorsRules>[0]["rules"] });
  };
  return (
    <form
      className={card}
      data-testid="cors-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p className={hint}>{t("buckets.cors.intro", { max: MAX_CORS_RULES })}</p>
      {drafts.length === 0 && <p className="text-sm text-slate-500">{t("buckets.cors.empty")}</p>}
      {drafts.map((d, i) => (
        <RuleEditor
          key={i}
          n={i + 1}
          draft={d}
          onChange={(nd) => setDrafts(drafts.map((x, j) => (j === i ? nd : x)))}
          onRemove={() => setDrafts(drafts.filter((_, j) => j !== i))}
        />
      ))}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={button}
          data-testid="cors-add"
          disabled={drafts.length >= MAX_CORS_RULES}
          onClick={() => setDrafts([...drafts, { origins: "", methods: ["GET", "HEAD"], headers: "", exposed: "", maxAge: "" }])}
        >
          {t("buckets.cors.add")}
        </button>
        <button type="submit" className={primary} disabled={pending} data-testid="cors-save">
          {pending ? t("buckets.saving") : t("common.save")}
        </button>
      </div>
      {notice}
    </form>
  );
}

export function CorsPanel({ bucket }: { bucket: string }) {
  const query = useQuery({ queryKey: bucketKeys.cors(bucket), queryFn: () => call(getCorsRules({ bucket })) });
  return (
    <Loadable query={query} testId="bucket-cors">
      {(rules) => <CorsForm bucket={bucket} initial={rules} />}
    </Loadable>
  );
}
