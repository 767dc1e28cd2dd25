import clsx from "clsx";
import { LocalTime, ZoneLabel } from "@/components/ui/local-time";
import { actionLabel } from "@/lib/i18n/codes";
import { isRole } from "@/lib/permissions";
import { EmptyState } from "@/components/ui/empty-state";
import { LongText, TableBox, tableClass, theadClass, thClass } from "@/components/ui/table";
import type { AuditRecord } from "@/server/audit/log";
import { getTranslator } from "@/server/i18n";

export async function AuditTable({ records }: { records: AuditRecord[] }) {
  const { t } = await getTranslator();
  if (records.length === 0) {
    return <EmptyState testId="audit-empty">{t("auth.audit.empty")}</EmptyState>;
  }
  return (
    <TableBox label={t("auth.audit.title")}>
      <table className={`${tableClass} min-w-[64rem]`} data-testid="audit-table">
        <thead className={theadClass}>
          <tr>
            <th className={thClass}>
              {t("auth.audit.time")} (<ZoneLabel />)
            </th>
            <th className={thClass}>{t("auth.audit.actor")}</th>
            <th className={thClass}>{t("auth.audit.action")}</th>
            <th className={thClass}>{t("auth.audit.bucket")}</th>
            <th className={`${thClass} w-[16rem]`}>{t("auth.audit.target")}</th>
            <th className={thClass}>{t("auth.audit.outcome")}</th>
            <th className={`${thClass} w-[20rem]`}>{t("auth.audit.params")}</th>
            <th className={thClass}>{t("auth.audit.ip")}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => {
            const params = JSON.stringify(r.params);
            return (
              <tr key={r.id} className="border-t border-slate-200 align-top dark:border-slate-800" data-testid="audit-row">
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                  <LocalTime date={r.at} />
                </td>
                <td className="px-3 py-2">
                  <div data-testid="audit-actor">{r.actor.email}</div>
                  {r.actor.role && <div className="text-xs text-slate-500">{isRole(r.actor.role) ? t(`auth.roles.${r.actor.role}`) : r.actor.role}</div>}
                </td>
                <td className="px-3 py-2" data-testid="audit-action" data-action={r.action}>
                  <div>{actionLabel(t, r.action)}</div>
                  <div className="font-mono text-xs text-slate-500">{r.action}</div>
                </td>
                <td className="px-3 py-2">{r.bucket}</td>
                <td className="px-3 py-2">{r.target && <LongText value={r.target} mono testId="audit-target" />}</td>
                <td className="px-3 py-2">
                  <span
                    data-testid="audit-outcome"
                    className={clsx("rounded px-1.5 py-0.5 text-xs", {
                      "bg-green-100 text-green-800 dark:bg-green-900/40 dark:text-green-200": r.outcome === "ok",
                      "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-200": r.outcome === "error",
                      "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-200": r.outcome === "denied",
                    })}
                  >
                    {t(`auth.audit.outcomes.${r.outcome}`)}
                  </span>
                  {r.errorCode && <div className="mt-1 font-mono text-xs text-slate-500">{r.errorCode}</div>}
                  {r.errorMessage && <div className="text-xs text-slate-500">{r.errorMessage}</div>}
                  {r.reqId && (
                    <div className="font-mono text-xs text-slate-400">
                      {t("auth.audit.reqId")}: {r.reqId}
                    </div>
                  )}
                </td>
                <td className="px-3 py-2">{params !== "{}" && <LongText value={params} mono className="max-h-40 overflow-y-auto" testId="audit-params" />}</td>
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{r.ip}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableBox>
  );
}
