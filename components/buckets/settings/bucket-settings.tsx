"use client";

import dynamic from "next/dynamic";
import clsx from "clsx";
import { useRef, useState, type KeyboardEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { CorsPanel } from "./cors-panel";
import { EventsPanel } from "./events-panel";
import { LifecyclePanel } from "./lifecycle-panel";
import { OverviewPanel } from "./overview-panel";
import { QuotaPanel } from "./quota-panel";
import { SETTINGS_TABS, type SettingsTab } from "./query-keys";
import { RefererPanel } from "./referer-panel";
import { TagsPanel } from "./tags-panel";

// The usage chart carries recharts: loaded when its tab is opened, not with the settings page (bench/bundle).
const UsagePanel = dynamic(() => import("./usage-panel").then((m) => m.UsagePanel), { ssr: false });

/** The settings of one bucket, a tab per Qiniu setting; each panel loads its own data. */
export function BucketSettings({ bucket, initialTab }: { bucket: string; initialTab: SettingsTab }) {
  const t = useT();
  const [tab, setTab] = useState<SettingsTab>(initialTab);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const choose = (next: SettingsTab) => {
    setTab(next);
    // Keep the tab in the address so a reload or a shared link opens it again.
    const url = new URL(window.location.href);
    url.searchParams.set("tab", next);
    window.history.replaceState(null, "", url);
  };
  const onKey = (e: KeyboardEvent) => {
    const i = SETTINGS_TABS.indexOf(tab);
    const n = SETTINGS_TABS.length;
    const next = e.key === "ArrowRight" ? (i + 1) % n : e.key === "ArrowLeft" ? (i + n - 1) % n : e.key === "Home" ? 0 : e.key === "End" ? n - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    choose(SETTINGS_TABS[next]);
    refs.current[next]?.focus();
  };
  return (
    <div className="space-y-4">
      <div role="tablist" aria-label={t("buckets.settingsTitle", { bucket })} onKeyDown={onKey} className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800">
        {SETTINGS_TABS.map((name, i) => (
          <button
            key={name}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="tab"
            id={`bucket-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`bucket-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => choose(name)}
            className={clsx(
              "-mb-px shrink-0 border-b-2 px-3 py-2 text-sm whitespace-nowrap",
              tab === name ? "border-brand-600 font-medium text-brand-700 dark:text-brand-100" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400",
            )}
          >
            {t(`buckets.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`bucket-panel-${tab}`} aria-labelledby={`bucket-tab-${tab}`}>
        {tab === "overview" && <OverviewPanel bucket={bucket} />}
        {tab === "referer" && <RefererPanel bucket={bucket} />}
        {tab === "cors" && <CorsPanel bucket={bucket} />}
        {tab === "lifecycle" && <LifecyclePanel bucket={bucket} />}
        {tab === "events" && <EventsPanel bucket={bucket} />}
        {tab === "quota" && <QuotaPanel bucket={bucket} />}
        {tab === "tags" && <TagsPanel bucket={bucket} />}
        {tab === "usage" && <UsagePanel bucket={bucket} />}
      </div>
    </div>
  );
}
