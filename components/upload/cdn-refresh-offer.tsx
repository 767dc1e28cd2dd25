"use client";

import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useT } from "@/components/i18n-provider";
import { unwrap, errorText } from "@/components/ui/action-call";
import { planObjectRefresh, refreshObjects } from "@/server/actions/cdn";

export interface ReplacedObject {
  bucket: string;
  key: string;
  refreshUrl?: string;
}

/** After overwrites: the remaining refresh quota first, then one click to refresh the replaced objects' CDN URLs. */
export function CdnRefreshOffer({ replaced, canRefresh }: { replaced: ReplacedObject[]; canRefresh: boolean }) {
  const t = useT();
  const byBucket = new Map<string, ReplacedObject[]>();
  for (const r of replaced) byBucket.set(r.bucket, [...(byBucket.get(r.bucket) ?? []), r]);
  if (replaced.length === 0) return null;
  return (
    <section data-testid="cdn-offer" className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-medium">{t("upload.cdn.title")}</h2>
      <p className="mt-1 text-slate-600 dark:text-slate-400">{t("upload.cdn.body", { count: replaced.length })}</p>
      {[...byBucket.entries()].map(([bucket, objects]) => (
        <BucketRefresh key={bucket} bucket={bucket} objects={objects} canRefresh={canRefresh} />
      ))}
    </section>
  );
}

function BucketRefresh({ bucket, objects, canRefresh }: { bucket: string; objects: ReplacedObject[]; canRefresh: boolean }) {
  const t = useT();
  const keys = objects.map((o) => o.key);
  const plan = useQuery({ queryKey: ["upload", "cdn-plan", bucket, keys], queryFn: () => unwrap(planObjectRefresh({ bucket, keys })) });
  const refresh = useMutation({ mutationFn: () => unwrap(refreshObjects({ bucket, keys })) });
  const urls = objects.flatMap((o) => (o.refreshUrl ? [o.refreshUrl] : []));
  const cdnLink = `/cdn?tab=refresh&urls=${encodeURIComponent(urls.join("\n"))}`;
  return (
    <div className="mt-3 grid gap-2" data-testid="cdn-offer-bucket">
      {plan.isPending && <p className="text-slate-500">{t("common.loading")}</p>}
      {plan.isError && <p className="text-red-700 dark:text-red-300">{t("upload.cdn.quotaUnknown", { message: errorText(plan.error) })}</p>}
      {plan.data && (
        <p data-testid="cdn-quota">{t("upload.cdn.quota", { remaining: plan.data.remaining, needed: plan.data.urls })}</p>
      )}
      {plan.data && plan.data.urls > plan.data.remaining && <p className="text-amber-700 dark:text-amber-300">{t("upload.cdn.overQuota")}</p>}
      <div className="flex flex-wrap items-center gap-3">
        {canRefresh && (
          <button
            type="button"
            data-testid="cdn-refresh"
            disabled={!plan.data || plan.data.urls > plan.data.remaining || refresh.isPending || refresh.isSuccess}
            onClick={() => refresh.mutate()}
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
          >
            {refresh.isPending ? t("upload.cdn.refreshing") : t("upload.cdn.refresh", { count: plan.data?.urls ?? objects.length })}
          </button>
        )}
        {!canRefresh && <span className="text-slate-500">{t("upload.cdn.noRight")}</span>}
        <Link href={cdnLink} className="text-brand-600 underline dark:text-brand-100">
          {t("upload.cdn.link")}
        </Link>
      </div>
      {refresh.isSuccess && <p data-testid="cdn-refresh-done">{t("upload.cdn.done", { id: refresh.data.requestId })}</p>}
      {refresh.isError && <p className="text-red-700 dark:text-red-300">{t("upload.cdn.failed", { message: errorText(refresh.error) })}</p>}
    </div>
  );
}
