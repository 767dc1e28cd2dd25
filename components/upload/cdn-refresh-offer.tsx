"use client";

import Link from "next/link";
import { RefreshAfterOverwrite } from "@/components/cdn/refresh-after-overwrite";
import { useT } from "@/components/i18n-provider";

export interface ReplacedObject {
  bucket: string;
  key: string;
  refreshUrl?: string;
}

/** After overwrites, per bucket: the one CDN-refresh offer (components/cdn/refresh-after-overwrite.tsx) and a link to the CDN page. */
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
  const urls = objects.flatMap((o) => (o.refreshUrl ? [o.refreshUrl] : []));
  const cdnLink = `/cdn?tab=refresh&urls=${encodeURIComponent(urls.join("\n"))}`;
  return (
    <div className="mt-3 grid gap-2" data-testid="cdn-offer-bucket">
      {canRefresh ? (
        <RefreshAfterOverwrite bucket={bucket} keys={objects.map((o) => o.key)} />
      ) : (
        <span className="text-slate-500">{t("upload.cdn.noRight")}</span>
      )}
      <Link href={cdnLink} className="text-brand-600 underline dark:text-brand-100">
        {t("upload.cdn.link")}
      </Link>
    </div>
  );
}
