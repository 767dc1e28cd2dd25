import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { BucketTable } from "@/components/buckets/browser/bucket-table";
import { CreateBucketButton } from "@/components/buckets/settings/bucket-dialogs";
import { LoadError } from "@/components/ui/load-error";
import { roleHas } from "@/lib/permissions";
import { listBucketOverview } from "@/server/actions/buckets";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("browser.buckets.title") };
}

export default async function BucketsPage() {
  const user = await requireUser("/buckets");
  const { t } = await getTranslator();
  const result = await listBucketOverview({});
  const admin = roleHas(user.role, "buckets.manage");
  if (!result.ok) return <LoadError error={result.error} title={t("browser.buckets.title")} />;
  return (
    <section className="space-y-4">
      <PageHeader title={t("browser.buckets.title")} intro={t("browser.buckets.intro")} actions={admin && <CreateBucketButton />} />
      <BucketTable buckets={result.data} canManage={roleHas(user.role, "settings.manage")} canAdminister={admin} />
    </section>
  );
}
