"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { addDays } from "@/lib/cdn/stats";
import { QueryError, QueryLoading } from "../ui/query-state";
import { cdnReads } from "./reads";
import { formatBytes } from "@/lib/i18n/format";
import { LocalTime } from "@/components/ui/local-time";

const LOG_DAYS = 30;

/** The day's log files of the chosen domains, with download links served by the console. */
export function LogsPanel({ domains, today }: { domains: string[]; today: string }) {
  const t = useT();
  const [day, setDay] = useState(today);
  const days = Array.from({ length: LOG_DAYS }, (_, i) => addDays(today, -i));
  const r = useQuery({
    queryKey: ["cdn", "logs", day, domains],
    queryFn: ({ signal }) => cdnReads.logFiles({ day, domains }, signal),
    enabled: domains.length > 0,
  });
  const rows = r.data ? domains.flatMap((d) => (r.data[d] ?? []).map((f) => ({ domain: d, ...f }))) : [];

  return (
    <section className="space-y-3" data-testid="cdn-logs">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block text-slate-500">{t("cdn.logs.day")}</span>
          <select
            value={day}
            onChange={(e) => setDay(e.target.value)}
            className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
            data-testid="cdn-log-day"
          >
            {days.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <p className="text-xs text-slate-500">{t("cdn.logs.hint")}</p>
      </div>
      {r.isPending && domains.length > 0 && <QueryLoading />}
      {r.isError && <QueryError error={r.error} retry={r} />}
      {r.data && rows.length === 0 && <p className="text-sm text-slate-500">{t("cdn.logs.none")}</p>}
      {rows.length > 0 && (
        <div className="flex flex-wrap gap-3 text-sm">
          {domains
            .filter((d) => (r.data?.[d] ?? []).length > 0)
            .map((d) => (
              <a
                key={d}
                href={`/api/cdn/logs?${new URLSearchParams({ domain: d, day, all: "1" })}`}
                download
                className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
                data-testid="cdn-log-day-download"
                data-domain={d}
              >
                {t("cdn.logs.wholeDay", { domain: d, count: (r.data?.[d] ?? []).length })}
              </a>
            ))}
        </div>
      )}
      {rows.length > 0 && (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm dark:border-slate-800 dark:bg-slate-900">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="px-3 py-2 font-normal">{t("cdn.logs.domain")}</th>
              <th className="px-3 py-2 font-normal">{t("cdn.logs.file")}</th>
              <th className="px-3 py-2 text-right font-normal">{t("cdn.logs.size")}</th>
              <th className="px-3 py-2 font-normal">{t("cdn.logs.mtime")}</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={`${f.domain}/${f.name}`} className="border-t border-slate-100 dark:border-slate-800" data-testid="cdn-log-row">
                <td className="px-3 py-2 font-mono text-xs">{f.domain}</td>
                <td className="px-3 py-2 font-mono text-xs">{f.name}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatBytes(f.size)}</td>
                <td className="px-3 py-2 tabular-nums">
                  <LocalTime date={f.mtime * 1000} />
                </td>
                <td className="px-3 py-2 text-right">
                  <a href={f.href} download={f.name} className="text-brand-600 underline-offset-2 hover:underline" data-testid="cdn-log-download">
                    {t("cdn.logs.download")}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
