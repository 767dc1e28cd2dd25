"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useT } from "@/components/i18n-provider";
import { planObjectRefresh, refreshObjects } from "@/server/actions/cdn";
import { errorWithReqId, unwrap } from "@/components/ui/action-call";

/**
 * The one CDN-refresh offer after an overwrite (upload page and bucket browser): how many URL refreshes the overwritten
 * keys need (every domain of the bucket) against today's quota, then one click to refresh them. Render it only for
 * users with cdn.write. With `onDismiss` it carries its own close button (the browser shows it until dismissed).
 */
export function RefreshAfterOverwrite({ bucket, keys, onDismiss }: { bucket: string; keys: string[]; onDismiss?: () => void }) {
  const t = useT();
  if (!onDismiss) return <RefreshOffer bucket={bucket} keys={keys} />;
  return (
    <div className="flex items-start gap-2" role="group" aria-label={t("cdn.refresh.afterOverwrite")} data-testid="browser-cdn-refresh">
      <div className="min-w-0 flex-1">
        <RefreshOffer bucket={bucket} keys={keys} />
      </div>
      <button type="button" onClick={onDismiss} aria-label={t("common.close")} className="px-1 py-2 text-sm opacity-60 hover:opacity-100">
        ✕
      </button>
    </div>
  );
}

function RefreshOffer({ bucket, keys }: { bucket: string; keys: string[] }) {
  const t = useT();
  const plan = useQuery({
    queryKey: ["cdn", "quota", "objects", bucket, keys],
    queryFn: () => unwrap(planObjectRefresh({ bucket, keys })),
    enabled: keys.length > 0,
  });
  const run = useMutation({ mutationFn: () => unwrap(refreshObjects({ bucket, keys })) });
  if (keys.length === 0 || !plan.data) return null;
  const enough = plan.data.urls <= plan.data.remaining;
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800" data-testid="cdn-refresh-after-overwrite">
      <span data-testid="cdn-quota">{t("cdn.refresh.afterOverwriteHint", { need: plan.data.urls, left: plan.data.remaining })}</span>
      {run.isSuccess ? (
        <span role="status" data-testid="cdn-refresh-done" className="text-emerald-700 dark:text-emerald-300">
          {t("cdn.refresh.afterOverwriteDone", { count: run.data.count })}
        </span>
      ) : (
        <button
          type="button"
          data-testid="cdn-refresh"
          disabled={!enough || run.isPending}
          onClick={() => run.mutate()}
          className="rounded-md bg-brand-600 px-2 py-1 text-white disabled:opacity-50"
        >
          {t("cdn.refresh.afterOverwrite")}
        </button>
      )}
      {!enough && <span className="text-red-700 dark:text-red-300">{t("cdn.refresh.errors.quota", { need: plan.data.urls, left: plan.data.remaining })}</span>}
      {run.isError && (
        <span role="alert" className="text-red-700 dark:text-red-300">
          {errorWithReqId(run.error)}
        </span>
      )}
    </div>
  );
}
