"use client";

import clsx from "clsx";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { presetRange, rangeProblem, MAX_RANGE_DAYS, type Granularity, type RangePreset } from "@/lib/cdn/stats";
import type { CdnDomain } from "@/lib/cdn/scope";

export interface CdnQuery {
  domains: string[];
  startDate: string;
  endDate: string;
  granularity: Granularity;
}

type Preset = RangePreset | "custom";
const PRESET_GRANULARITY: Record<RangePreset, Granularity> = { today: "5min", "7d": "hour", "30d": "hour" };
const GRANULARITY_LABEL = { "5min": "cdn.range.g5min", hour: "cdn.range.ghour", day: "cdn.range.gday" } as const;
const PRESET_LABEL = { today: "cdn.range.today", "7d": "cdn.range.d7", "30d": "cdn.range.d30", custom: "cdn.range.custom" } as const;

export function defaultQuery(domains: CdnDomain[], today: string): CdnQuery {
  return { domains: domains.slice(0, 50).map((d) => d.domain), ...presetRange("today", today), granularity: "5min" };
}

/** Domain picker (several), range presets or custom dates, granularity. Calls `onApply` with a valid query only. */
export function QueryControls({ domains, today, value, onApply }: { domains: CdnDomain[]; today: string; value: CdnQuery; onApply(q: CdnQuery): void }) {
  const t = useT();
  const [preset, setPreset] = useState<Preset>("today");
  const [draft, setDraft] = useState(value);
  const problem = rangeProblem(draft, draft.granularity, today);
  const noDomains = draft.domains.length === 0;

  const apply = (next: CdnQuery) => {
    setDraft(next);
    if (next.domains.length > 0 && !rangeProblem(next, next.granularity, today)) onApply(next);
  };
  const choosePreset = (p: Preset) => {
    setPreset(p);
    if (p !== "custom") apply({ ...draft, ...presetRange(p, today), granularity: PRESET_GRANULARITY[p] });
  };
  const toggle = (domain: string) => {
    const set = new Set(draft.domains);
    if (set.has(domain)) set.delete(domain);
    else set.add(domain);
    apply({ ...draft, domains: domains.map((d) => d.domain).filter((d) => set.has(d)) });
  };
  const allChosen = draft.domains.length === domains.length;

  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <fieldset>
        <legend className="mb-2 text-sm font-medium">
          {t("cdn.domains.legend")} <span className="font-normal text-slate-500">{t("cdn.domains.selected", { count: draft.domains.length })}</span>
        </legend>
        <div className="flex flex-wrap gap-2" data-testid="cdn-domain-picker">
          <label className="flex items-center gap-1 rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700">
            <input type="checkbox" checked={allChosen} onChange={() => apply({ ...draft, domains: allChosen ? [] : domains.map((d) => d.domain) })} />
            {t("cdn.domains.all")}
          </label>
          {domains.map((d) => (
            <label
              key={d.domain}
              className="flex items-center gap-1 rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700"
              title={t("cdn.domains.bucket", { bucket: d.bucket })}
            >
              <input type="checkbox" checked={draft.domains.includes(d.domain)} onChange={() => toggle(d.domain)} />
              <span className="font-mono">{d.domain}</span>
            </label>
          ))}
        </div>
        {noDomains && <p className="mt-1 text-sm text-amber-700 dark:text-amber-300">{t("cdn.domains.none")}</p>}
      </fieldset>

      <fieldset className="flex flex-wrap items-end gap-3">
        <legend className="sr-only">{t("cdn.range.legend")}</legend>
        <div role="group" aria-label={t("cdn.range.legend")} className="flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {(["today", "7d", "30d", "custom"] as const).map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={preset === p}
              data-testid={`cdn-preset-${p}`}
              onClick={() => choosePreset(p)}
              className={clsx("px-3 py-1.5 text-sm", preset === p ? "bg-brand-600 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800")}
            >
              {t(PRESET_LABEL[p])}
            </button>
          ))}
        </div>
        {preset === "custom" && (
          <>
            <label className="text-sm">
              <span className="block text-slate-500">{t("cdn.range.start")}</span>
              <input
                type="date"
                value={draft.startDate}
                max={today}
                onChange={(e) => setDraft({ ...draft, startDate: e.target.value })}
                className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
                data-testid="cdn-start"
              />
            </label>
            <label className="text-sm">
              <span className="block text-slate-500">{t("cdn.range.end")}</span>
              <input
                type="date"
                value={draft.endDate}
                max={today}
                onChange={(e) => setDraft({ ...draft, endDate: e.target.value })}
                className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
                data-testid="cdn-end"
              />
            </label>
          </>
        )}
        <label className="text-sm">
          <span className="block text-slate-500">{t("cdn.range.granularity")}</span>
          <select
            value={draft.granularity}
            data-testid="cdn-granularity"
            onChange={(e) =>
              preset === "custom"
                ? setDraft({ ...draft, granularity: e.target.value as Granularity })
                : apply({ ...draft, granularity: e.target.value as Granularity })
            }
            className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
          >
            {(["5min", "hour", "day"] as const).map((g) => (
              <option key={g} value={g}>
                {t(GRANULARITY_LABEL[g])}
              </option>
            ))}
          </select>
        </label>
        {preset === "custom" && (
          <button
            type="button"
            onClick={() => apply(draft)}
            disabled={Boolean(problem) || noDomains}
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white disabled:opacity-50"
            data-testid="cdn-apply"
          >
            {t("cdn.range.apply")}
          </button>
        )}
      </fieldset>
      {problem && (
        <p role="status" className="text-sm text-red-700 dark:text-red-300" data-testid="cdn-range-problem">
          {t(`cdn.range.problems.${problem}`, { granularity: t(GRANULARITY_LABEL[draft.granularity]), days: MAX_RANGE_DAYS[draft.granularity] })}
        </p>
      )}
    </div>
  );
}
