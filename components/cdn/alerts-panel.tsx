"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { errorWithReqId, unwrap } from "@/components/ui/action-call";
import { LocalTime } from "@/components/ui/local-time";
import { createCdnAlert, deleteCdnAlert } from "@/server/actions/cdn";
import { QueryError, QueryLoading } from "../ui/query-state";
import { usePolling } from "../ui/use-polling";
import { cdnReads } from "./reads";

// CDN alerts (issue 21): rules per domain (bandwidth or 5xx rate over a threshold, notified by webhook), evaluated by
// the server on a schedule (server/cdn/alerts/), and the history of when they fired and resolved.

type Metric = "bandwidth" | "status5xx";
const KEY = ["cdn", "alerts"] as const;
const input = "mt-1 block w-full rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

function formatValue(metric: Metric, v: number): string {
  return metric === "bandwidth" ? `${Math.round(v)} bps` : `${v.toFixed(2)} %`;
}

export function AlertsPanel({ canWrite }: { canWrite: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: ({ signal }) => cdnReads.alerts(signal), ...usePolling() });
  const id = useId();
  const [domain, setDomain] = useState("");
  const [metric, setMetric] = useState<Metric>("bandwidth");
  const [threshold, setThreshold] = useState("");
  const [webhookUrl, setWebhookUrl] = useState("");
  const done = () => void queryClient.invalidateQueries({ queryKey: KEY });
  const create = useMutation({
    mutationFn: () => unwrap(createCdnAlert({ domain: domain || q.data?.domains[0] || "", metric, threshold: Number(threshold), webhookUrl })),
    onSuccess: () => {
      setThreshold("");
      done();
    },
  });
  const remove = useMutation({ mutationFn: (ruleId: string) => unwrap(deleteCdnAlert({ id: ruleId })), onSuccess: done });

  if (q.isPending) return <QueryLoading />;
  if (q.isError) return <QueryError error={q.error} retry={q} />;
  const { domains, rules, events } = q.data;
  const metricOf = new Map(rules.map((r) => [r.id, r.metric]));

  return (
    <div className="space-y-6" data-testid="cdn-alerts">
      <p className="text-sm text-slate-500">{t("cdn.alerts.intro")}</p>
      {canWrite ? (
        <form
          className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 dark:border-slate-800 dark:bg-slate-900"
          data-testid="cdn-alert-form"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <label className="text-sm" htmlFor={`${id}-domain`}>
            {t("cdn.alerts.domain")}
            <select
              id={`${id}-domain`}
              className={input}
              value={domain || domains[0] || ""}
              onChange={(e) => setDomain(e.target.value)}
              data-testid="cdn-alert-domain"
            >
              {domains.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm" htmlFor={`${id}-metric`}>
            {t("cdn.alerts.metric")}
            <select id={`${id}-metric`} className={input} value={metric} onChange={(e) => setMetric(e.target.value as Metric)} data-testid="cdn-alert-metric">
              <option value="bandwidth">{t("cdn.alerts.metrics.bandwidth")}</option>
              <option value="status5xx">{t("cdn.alerts.metrics.status5xx")}</option>
            </select>
          </label>
          <label className="text-sm" htmlFor={`${id}-threshold`}>
            {t("cdn.alerts.threshold")}
            <input
              id={`${id}-threshold`}
              className={input}
              type="number"
              min={0}
              step="any"
              required
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
              data-testid="cdn-alert-threshold"
            />
          </label>
          <label className="text-sm" htmlFor={`${id}-webhook`}>
            {t("cdn.alerts.webhook")}
            <input
              id={`${id}-webhook`}
              className={input}
              type="url"
              required
              placeholder="https://"
              value={webhookUrl}
              onChange={(e) => setWebhookUrl(e.target.value)}
              data-testid="cdn-alert-webhook"
            />
          </label>
          <div className="sm:col-span-2">
            <button
              type="submit"
              className="rounded bg-blue-600 px-3 py-1.5 text-sm text-white disabled:opacity-50"
              disabled={create.isPending || domains.length === 0}
              data-testid="cdn-alert-create"
            >
              {t("cdn.alerts.create")}
            </button>
            {create.isError && (
              <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
                {errorWithReqId(create.error)}
              </p>
            )}
          </div>
        </form>
      ) : (
        <p className="text-sm text-slate-500">{t("cdn.alerts.readOnly")}</p>
      )}

      <section>
        <h2 className="mb-2 font-medium">{t("cdn.alerts.rules")}</h2>
        {rules.length === 0 ? (
          <p className="text-sm text-slate-500">{t("cdn.alerts.noRules")}</p>
        ) : (
          <ul
            className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
            data-testid="cdn-alert-rules"
          >
            {rules.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-3 p-3 text-sm" data-testid="cdn-alert-rule" data-state={r.state}>
                <span className="font-medium">{r.domain}</span>
                <span>
                  {t(`cdn.alerts.metrics.${r.metric}`)} &gt; {formatValue(r.metric, r.threshold)}
                </span>
                <span className={r.state === "firing" ? "text-red-700 dark:text-red-400" : "text-slate-500"}>{t(`cdn.alerts.states.${r.state}`)}</span>
                {r.lastValue !== null && <span className="text-slate-500">{t("cdn.alerts.lastValue", { value: formatValue(r.metric, r.lastValue) })}</span>}
                {canWrite && (
                  <button
                    type="button"
                    className="ml-auto text-red-700 underline dark:text-red-400"
                    onClick={() => remove.mutate(r.id)}
                    disabled={remove.isPending}
                  >
                    {t("cdn.alerts.delete")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {remove.isError && (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
            {errorWithReqId(remove.error)}
          </p>
        )}
      </section>

      <section>
        <h2 className="mb-2 font-medium">{t("cdn.alerts.history")}</h2>
        {events.length === 0 ? (
          <p className="text-sm text-slate-500">{t("cdn.alerts.noHistory")}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="cdn-alert-history">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">{t("cdn.alerts.columns.at")}</th>
                <th>{t("cdn.alerts.columns.domain")}</th>
                <th>{t("cdn.alerts.columns.event")}</th>
                <th>{t("cdn.alerts.columns.value")}</th>
                <th>{t("cdn.alerts.columns.delivery")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const m = metricOf.get(e.ruleId) ?? "bandwidth";
                return (
                  <tr
                    key={e.id}
                    className="border-t border-slate-200 dark:border-slate-800"
                    data-testid="cdn-alert-event"
                    data-kind={e.kind}
                    data-delivery={e.delivery}
                  >
                    <td className="py-1">
                      <LocalTime date={e.at} />
                    </td>
                    <td>{e.domain}</td>
                    <td>{t(`cdn.alerts.kinds.${e.kind}`)}</td>
                    <td>
                      {formatValue(m, e.value)} / {formatValue(m, e.threshold)}
                    </td>
                    <td>{e.delivery === "sent" ? t("cdn.alerts.sent") : e.delivery}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
