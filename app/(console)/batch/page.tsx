import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Forbidden } from "@/components/auth/forbidden";
import { BatchWorkspace } from "@/components/batch/batch-workspace";
import { roleHas, visibleBuckets } from "@/lib/permissions";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n";
import { getQiniu } from "@/server/qiniu";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("batch.title") };
}

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function BatchPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser("/batch");
  if (!roleHas(user.role, "batch.run")) return <Forbidden />;
  const { t } = await getTranslator();
  const params = await searchParams;
  // Bucket names only feed the pickers' suggestions: the page still works if the listing fails.
  const buckets = await getQiniu()
    .listBuckets()
    .then((all) => visibleBuckets(user, all))
    .catch(() => [] as string[]);
  return (
    <section className="space-y-4">
      <PageHeader title={t("batch.title")} intro={t("batch.intro")} />
      <BatchWorkspace
        buckets={buckets}
        initialJob={one(params.job)}
        initial={{ bucket: one(params.bucket), prefix: one(params.prefix), selection: one(params.selection) === "1" }}
      />
    </section>
  );
}
