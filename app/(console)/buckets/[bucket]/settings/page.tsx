import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/auth/forbidden";
import { DeleteBucketButton } from "@/components/buckets/settings/bucket-dialogs";
import { BucketSettings } from "@/components/buckets/settings/bucket-settings";
import { SETTINGS_TABS, type SettingsTab } from "@/components/buckets/settings/query-keys";
import { bucketHref, bucketOf } from "@/lib/buckets/browser-url";
import { existingBucket } from "@/lib/buckets/schemas";
import { can } from "@/lib/permissions";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n";

type Params = Promise<{ bucket: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("buckets.settingsTitle", { bucket: bucketOf((await params).bucket) }) };
}

/** Bucket management (admins): the panels load their own data through the bucket-management actions. */
export default async function BucketSettingsPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const bucket = bucketOf((await params).bucket);
  const user = await requireUser(`/buckets/${encodeURIComponent(bucket)}/settings`);
  if (!can(user, "buckets.manage") || !existingBucket.safeParse(bucket).success) return <Forbidden />;
  const { t } = await getTranslator();
  const tabParam = (await searchParams).tab;
  const tab: SettingsTab = typeof tabParam === "string" && (SETTINGS_TABS as readonly string[]).includes(tabParam) ? (tabParam as SettingsTab) : "overview";
  return (
    <section className="min-w-0 space-y-4" data-testid="bucket-settings-page">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <nav aria-label={t("buckets.breadcrumbs")} className="text-sm text-slate-600 dark:text-slate-400">
            <Link href="/buckets" className="hover:underline">
              {t("buckets.backToList")}
            </Link>
            {" / "}
            <Link href={bucketHref(bucket)} className="hover:underline">
              {t("buckets.backToBucket")}
            </Link>
          </nav>
          <h1 className="text-xl font-semibold break-all">{t("buckets.settingsTitle", { bucket })}</h1>
        </div>
        <DeleteBucketButton bucket={bucket} />
      </header>
      <BucketSettings bucket={bucket} initialTab={tab} />
    </section>
  );
}
