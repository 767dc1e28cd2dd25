"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormat, useT } from "@/components/i18n-provider";
import { startPrefixStats } from "@/server/actions/objects";
import { unwrap } from "../../ui/action-call";
import { browserKeys } from "./query-keys";
import { bucketReads } from "./reads";
import { usePolling } from "../../ui/use-polling";
import { useIsClient } from "../../ui/use-is-client";
import type { PrefixStats as PrefixStatsValue } from "@/server/batch/prefix-stats";

const button = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";

/** "Compute size and count for this prefix": a background job on the server; its last result is kept and shown. */
export function PrefixStats({ bucket, prefix }: { bucket: string; prefix: string }) {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  // Enabled once hydrated: a press before would be lost and the page would seem to ignore it.
  const hydrated = useIsClient();
  const key = browserKeys.stats(bucket, prefix);
  const stats = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => bucketReads.prefixStats(bucket, prefix, signal),
    // Poll while it counts; the job runs on the server whether or not anyone watches.
    ...usePolling<PrefixStatsValue | null>({ while: (d) => d?.status === "running" }),
  });
  const start = useMutation({
    mutationFn: () => unwrap(startPrefixStats({ bucket, prefix })),
    onSuccess: (data) => qc.setQueryData(key, data),
  });
  const s = stats.data;
  const vars = s && { objects: s.objects, bytes: f.bytes(s.bytes) };
  let text: string | null = null;
  if (s && vars) {
    if (s.status === "running") text = t("browser.stats.running", vars);
    else if (s.status === "done")
      text = t("browser.stats.done", { ...vars, time: s.finishedAt ? `${f.date(s.finishedAt)} ${f.zoneLabel(new Date(s.finishedAt))}` : "" });
    else if (s.status === "failed") text = t("browser.stats.failed", { message: s.error ?? "" });
    else text = t("browser.stats.interrupted", vars);
  }
  const error = start.error ?? stats.error;
  const label = !s ? t("browser.stats.compute") : s.status === "interrupted" ? t("browser.stats.resume") : t("browser.stats.again");
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="prefix-stats">
      {text && (
        <span data-testid="prefix-stats-result" data-status={s?.status} className="text-slate-600 dark:text-slate-300">
          {text}
        </span>
      )}
      {error && <span className="text-red-600">{error.message}</span>}
      <button
        type="button"
        className={button}
        title={t("browser.stats.computeHint")}
        disabled={!hydrated || start.isPending || s?.status === "running"}
        onClick={() => start.mutate()}
        data-testid="compute-stats"
      >
        Σ {label}
      </button>
    </div>
  );
}
