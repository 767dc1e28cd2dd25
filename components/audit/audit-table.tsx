import clsx from "clsx";
import { LocalTime, ZoneLabel } from "@/components/ui/local-time";
import { actionLabel } from "@/lib/i18n/codes";
import { isRole } from "@/lib/permissions";
import type { AuditRecord } from "@/server/audit/log";
import { getTranslator } from "@/server/i18n";

export async function AuditTable({ records }: { records: AuditRecord[] }) {
  const { t } = await getTranslator();
  if (records.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700" data-testid="audit-empty">
        {t("auth.audit.empty")}
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-800/50">
          <tr>
            <th className="px-3 py-2">
              {t("auth.audit.time")} (<ZoneLabel />)
            </th>
            <th className="px-3 py-2">{t("auth.audit.actor")}</th>
            <th className="px-3 py-2">{t("auth.audit.action")}</th>
            <th className="px-3 py-2">{t("auth.audit.bucket")}</th>
            <th className="px-3 py-2">{t("auth.audit.target")}</th>
            <th className="px-3 py-2">{t("auth.audit.outcome")}</th>
            <th className="px-3 py-2">{t("auth.audit.params")}</th>
            <th className="px-3 py-2">{t("auth.audit.ip")}</th>
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
                <td className="max-w-64 break-all px-3 py-2 font-mono text-xs">{r.target}</td>
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
                  {r.reqId && <div className="font-mono text-xs text-slate-400">{t("auth.audit.reqId")}: {r.reqId}</div>}
                </td>
                <td className="max-w-80 px-3 py-2 font-mono text-xs" title={params}>
                  {params === "{}" ? "" : params.length > 160 ? `${params.slice(0, 160)}…` : params}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{r.ip}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
