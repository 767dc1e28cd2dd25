import Link from "next/link";
import { bucketHref } from "@/lib/buckets/browser-url";
import type { BucketOverview } from "@/server/actions/buckets";
import { getFormatter, getTranslator } from "@/server/i18n";
import { BucketRowAdmin } from "@/components/buckets/settings/bucket-dialogs";
import { DownloadDomainSelect, ThumbnailToggle } from "./bucket-settings-controls";
import { EmptyState } from "@/components/ui/empty-state";
import { TableBox, tableClass, theadClass, thClass as th, tdClass as td } from "@/components/ui/table";
import { LocalTime } from "../../ui/local-time";

/** The buckets overview (server component; only the admin's controls are client leaves). */
export async function BucketTable({ buckets, canManage, canAdminister = false }: { buckets: BucketOverview[]; canManage: boolean; canAdminister?: boolean }) {
  const [{ t }, f] = await Promise.all([getTranslator(), getFormatter()]);
  if (buckets.length === 0) {
    return <EmptyState testId="buckets-empty">{t("browser.buckets.empty")}</EmptyState>;
  }
  return (
    <TableBox label={t("browser.buckets.title")}>
      <table className={tableClass} data-testid="bucket-table">
        <thead className={`border-b border-slate-200 dark:border-slate-700 ${theadClass}`}>
          <tr>
            <th className={th}>{t("browser.buckets.name")}</th>
            <th className={th}>{t("browser.buckets.region")}</th>
            <th className={th}>{t("browser.buckets.visibility")}</th>
            <th className={th}>{t("browser.buckets.domains")}</th>
            <th className={`${th} text-right`}>{t("browser.buckets.objects")}</th>
            <th className={`${th} text-right`}>{t("browser.buckets.size")}</th>
            <th className={th}>{t("browser.buckets.defaultDomain")}</th>
            <th className={th}>{t("browser.buckets.thumbnails")}</th>
            {canAdminister && <th className={th}>{t("buckets.manage")}</th>}
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => {
            const counted = b.stats?.status === "done" ? b.stats : null;
            return (
              <tr key={b.name} data-testid="bucket-row" data-bucket={b.name} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className={td}>
                  <Link href={bucketHref(b.name)} className="font-medium text-brand-600 hover:underline">
                    {b.name}
                  </Link>
                  {b.error && <p className="text-xs text-red-600">{b.error}</p>}
                </td>
                <td className={td}>{b.region ?? t("browser.buckets.unknownRegion")}</td>
                <td className={td} data-testid="bucket-visibility">
                  {b.private ? t("browser.buckets.private") : t("browser.buckets.public")}
                </td>
                <td className={`${td} font-mono text-xs`}>
                  {b.domains.length ? b.domains.map((d) => <div key={d}>{d}</div>) : <span className="text-slate-400">{t("browser.buckets.noDomains")}</span>}
                </td>
                <td className={`${td} text-right tabular-nums`} title={counted ? undefined : t("browser.buckets.statsHint")}>
                  {counted ? (
                    f.number(counted.objects)
                  ) : b.stats?.status === "running" ? (
                    t("browser.buckets.statsRunning")
                  ) : (
                    <span className="text-slate-400">{t("browser.buckets.statsUnknown")}</span>
                  )}
                </td>
                <td className={`${td} text-right tabular-nums`}>
                  {counted && (
                    <>
                      {f.bytes(counted.bytes)}
                      {counted.finishedAt && (
                        <div className="text-xs text-slate-400">
                          <LocalTime date={new Date(counted.finishedAt)} />
                        </div>
                      )}
                    </>
                  )}
                </td>
                <td className={td}>
                  {canManage ? (
                    <DownloadDomainSelect bucket={b.name} choices={b.originChoices} chosen={b.chosenOrigin} />
                  ) : (
                    <span className="font-mono text-xs">{b.downloadOrigin ?? "—"}</span>
                  )}
                </td>
                <td className={td}>
                  {canManage ? (
                    <ThumbnailToggle bucket={b.name} enabled={b.thumbnails} />
                  ) : b.thumbnails ? (
                    t("browser.buckets.thumbnailsOn")
                  ) : (
                    t("browser.buckets.thumbnailsOff")
                  )}
                </td>
                {canAdminister && (
                  <td className={td}>
                    <BucketRowAdmin bucket={b.name} />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableBox>
  );
}
