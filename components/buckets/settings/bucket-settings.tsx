"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { Tabs } from "@/components/ui/tabs";
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
  const choose = (next: SettingsTab) => {
    setTab(next);
    // Keep the tab in the address so a reload or a shared link opens it again.
    const url = new URL(window.location.href);
    url.searchParams.set("tab", next);
    window.history.replaceState(null, "", url);
  };
  return (
    <div className="space-y-4">
      <Tabs<SettingsTab>
        tabs={SETTINGS_TABS}
        selected={tab}
        onSelect={choose}
        label={t("buckets.settingsTitle", { bucket })}
        labelOf={(name) => t(`buckets.tabs.${name}`)}
        idPrefix="bucket"
      >
        {tab === "overview" && <OverviewPanel bucket={bucket} />}
        {tab === "referer" && <RefererPanel bucket={bucket} />}
        {tab === "cors" && <CorsPanel bucket={bucket} />}
        {tab === "lifecycle" && <LifecyclePanel bucket={bucket} />}
        {tab === "events" && <EventsPanel bucket={bucket} />}
        {tab === "quota" && <QuotaPanel bucket={bucket} />}
        {tab === "tags" && <TagsPanel bucket={bucket} />}
        {tab === "usage" && <UsagePanel bucket={bucket} />}
      </Tabs>
    </div>
  );
}
