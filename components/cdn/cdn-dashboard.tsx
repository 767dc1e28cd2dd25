"use client";

import clsx from "clsx";
import dynamic from "next/dynamic";
import { useRef, useState, type KeyboardEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { dataDomains } from "@/lib/cdn/scope";
import type { CdnDomain } from "@/lib/cdn/scope";
import { AntiLeechPanel } from "./antileech-panel";
import { LogsPanel } from "./logs-panel";
import { defaultQuery, QueryControls, type CdnQuery } from "./query-controls";
import { RefreshPanel } from "./refresh-panel";
import { TABS, type CdnTab } from "./tabs";

// The chart panels carry recharts (≈ 100 KB gzip): loaded when shown, so the page's first load stays small (bench/bundle).
const TrafficPanel = dynamic(() => import("./traffic-panel").then((m) => m.TrafficPanel), { ssr: false, loading: ChartLoading });
const AnalysisPanel = dynamic(() => import("./analysis-panel").then((m) => m.AnalysisPanel), { ssr: false, loading: ChartLoading });

function ChartLoading() {
  const t = useT();
  return <p className="text-sm text-slate-500">{t("common.loading")}</p>;
}

export function CdnDashboard({
  domains,
  today,
  canWrite,
  antiLeechConfigured,
  initialTab = "traffic",
  initialUrls,
}: {
  domains: CdnDomain[];
  today: string;
  canWrite: boolean;
  antiLeechConfigured: boolean;
  initialTab?: CdnTab;
  initialUrls?: string[];
}) {
  const t = useT();
  const [tab, setTab] = useState<CdnTab>(initialTab);
  // Traffic, analysis and logs cover a whole domain: only the domains whose whole bucket the user may see.
  const whole = dataDomains(domains);
  const [query, setQuery] = useState<CdnQuery>(() => defaultQuery(whole, today));
  const refs = useRef<Array<HTMLButtonElement | null>>([]);

  // Arrow keys move between tabs (WAI-ARIA tabs pattern); Home/End jump to the ends.
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next = e.key === "ArrowRight" ? (i + 1) % TABS.length : e.key === "ArrowLeft" ? (i + TABS.length - 1) % TABS.length : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next]);
    refs.current[next]?.focus();
  };
  const usesQuery = tab === "traffic" || tab === "analysis" || tab === "logs";
  const noData = usesQuery && whole.length === 0;

  return (
    <div className="space-y-4">
      <div role="tablist" aria-label={t("cdn.title")} className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800" onKeyDown={onKey}>
        {TABS.map((name, i) => (
          <button
            key={name}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="tab"
            id={`cdn-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`cdn-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            className={clsx("-mb-px border-b-2 px-3 py-2 text-sm", tab === name ? "border-brand-600 font-medium text-brand-700 dark:text-brand-100" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400")}
          >
            {t(`cdn.tabs.${name}`)}
          </button>
        ))}
      </div>
      {usesQuery && !noData && tab !== "logs" && <QueryControls domains={whole} today={today} value={query} onApply={setQuery} />}
      <div role="tabpanel" id={`cdn-panel-${tab}`} aria-labelledby={`cdn-tab-${tab}`}>
        {noData && (
          <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500 dark:border-slate-700" data-testid="cdn-partial-only">
            {t("cdn.partialOnly")}
          </p>
        )}
        {!noData && tab === "traffic" && <TrafficPanel query={query} />}
        {!noData && tab === "analysis" && <AnalysisPanel query={query} />}
        {!noData && tab === "logs" && <LogsPanel domains={query.domains.length > 0 ? query.domains : whole.map((d) => d.domain)} today={today} />}
        {tab === "refresh" && <RefreshPanel domains={domains} canWrite={canWrite} initialUrls={initialUrls} />}
        {tab === "antileech" && <AntiLeechPanel domains={domains} configured={antiLeechConfigured} />}
      </div>
    </div>
  );
}
