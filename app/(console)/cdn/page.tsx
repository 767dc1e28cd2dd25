import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CdnDashboard } from "@/components/cdn/cdn-dashboard";
import { TABS, type CdnTab } from "@/components/cdn/tabs";
import { beijingDay } from "@/lib/cdn/stats";
import { roleHas } from "@/lib/permissions";
import { requireUser } from "@/server/auth/session";
import { cdnDomains } from "@/server/cdn/domains";
import { domainAntiLeech } from "@/server/cdn/antileech";
import { getTranslator } from "@/server/i18n";
import { getQiniu } from "@/server/qiniu";

/** Today in Qiniu's calendar; read once per request on the server. */
function todayInBeijing(): string {
  return beijingDay(Date.now());
}

// Hand-off from other pages: `/cdn?tab=refresh&urls=<url>\n<url>` opens the refresh form prefilled (at most one request's worth).
function handOff(params: Record<string, string | string[] | undefined>): { tab: CdnTab; urls: string[] } {
  const tab = typeof params.tab === "string" && (TABS as readonly string[]).includes(params.tab) ? (params.tab as CdnTab) : "traffic";
  const urls =
    typeof params.urls === "string"
      ? params.urls
          .split(/\r?\n/)
          .map((u) => u.trim())
          .filter(Boolean)
          .slice(0, 60)
      : [];
  return { tab, urls };
}

export default async function CdnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/cdn");
  const { tab, urls } = handOff(await searchParams);
  const { t } = await getTranslator();
  const today = todayInBeijing();
  const domains = roleHas(user.role, "cdn.read") ? await cdnDomains(getQiniu(), user) : [];
  // Per domain: does it enforce timestamp anti-leech, and where its keys come from (never the keys themselves).
  const antiLeech = Object.fromEntries(
    await Promise.all(
      domains.map(async (d) => {
        const a = await domainAntiLeech(getQiniu(), d.domain);
        return [d.domain, { enabled: a.enabled, keys: a.keys.length, source: a.source }] as const;
      }),
    ),
  );
  return (
    <section className="space-y-4">
      <PageHeader title={t("cdn.title")} intro={t("cdn.subtitle")} />
      {domains.length === 0 ? (
        <EmptyState testId="cdn-no-domains">{t("cdn.noDomains")}</EmptyState>
      ) : (
        <CdnDashboard
          domains={domains}
          today={today}
          canWrite={roleHas(user.role, "cdn.write")}
          antiLeechConfigured={Object.values(antiLeech).some((a) => a.keys > 0)}
          antiLeech={antiLeech}
          initialTab={tab}
          initialUrls={urls}
        />
      )}
    </section>
  );
}
