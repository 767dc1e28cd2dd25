"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { EmptyState } from "@/components/ui/empty-state";
import { Tabs } from "@/components/ui/tabs";
import { dataDomains } from "@/lib/cdn/scope";
import type { CdnDomain } from "@/lib/cdn/scope";
import { AlertsPanel } from "./alerts-panel";
import { AntiLeechPanel, type DomainAntiLeechStatus } from "./antileech-panel";
import { LogsPanel } from "./logs-panel";
import { defaultQuery, QueryControls, type CdnQuery } from "./query-controls";
import { RefreshPanel } from "./refresh-panel";
import { TABS, type CdnTab } from "./tabs";

// The chart panels carry recharts (≈ 100 KB gzip): loaded when shown, so the page's first load stays small (bench/bundle).
const TrafficPanel = dynamic(() => import("./traffic-panel").then((m) => m.TrafficPanel), { ssr: false, loading: ChartLoading });
const AnalysisPanel = dynamic(() => import("./analysis-panel").then((m) => m.AnalysisPanel), { ssr: false, loading: ChartLoading });
const BreakdownPanel = dynamic(() => import("./breakdown-panel").then((m) => m.BreakdownPanel), { ssr: false, loading: ChartLoading });

function ChartLoading() {
  const t = useT();
  return <p className="text-sm text-slate-500">{t("common.loading")}</p>;
}

export function CdnDashboard({
  domains,
  today,
  canWrite,
  antiLeechConfigured,
  antiLeech = {},
  initialTab = "traffic",
  initialUrls,
}: {
  domains: CdnDomain[];
  today: string;
  canWrite: boolean;
  antiLeechConfigured: boolean;
  antiLeech?: Record<string, DomainAntiLeechStatus>;
  initialTab?: CdnTab;
  initialUrls?: string[];
}) {
  const t = useT();
  const [tab, setTab] = useState<CdnTab>(initialTab);
  // Traffic, analysis and logs cover a whole domain: only the domains whose whole bucket the user may see.
  const whole = dataDomains(domains);
  const [query, setQuery] = useState<CdnQuery>(() => defaultQuery(whole, today));
  const usesQuery = tab === "traffic" || tab === "analysis" || tab === "logs";
  const noData = usesQuery && whole.length === 0;

  return (
    <div className="space-y-4">
      <Tabs<CdnTab> tabs={TABS} selected={tab} onSelect={setTab} label={t("cdn.title")} labelOf={(name) => t(`cdn.tabs.${name}`)} idPrefix="cdn">
        {usesQuery && !noData && tab !== "logs" && <QueryControls domains={whole} today={today} value={query} onApply={setQuery} />}
        {noData && <EmptyState testId="cdn-partial-only">{t("cdn.partialOnly")}</EmptyState>}
        {!noData && tab === "traffic" && <TrafficPanel query={query} />}
        {!noData && tab === "analysis" && (
          <div className="space-y-6">
            <AnalysisPanel query={query} />
            <BreakdownPanel query={query} />
          </div>
        )}
        {!noData && tab === "logs" && <LogsPanel domains={query.domains.length > 0 ? query.domains : whole.map((d) => d.domain)} today={today} />}
        {tab === "refresh" && <RefreshPanel domains={domains} canWrite={canWrite} initialUrls={initialUrls} />}
        {tab === "antileech" && <AntiLeechPanel domains={domains} configured={antiLeechConfigured} status={antiLeech} />}
        {tab === "alerts" && <AlertsPanel canWrite={canWrite} />}
      </Tabs>
    </div>
  );
}
