import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Forbidden } from "@/components/auth/forbidden";
import { ProcessingView } from "@/components/processing/processing-view";
import { roleHas, visibleBuckets } from "@/lib/permissions";
import { pfopJobsRead } from "@/server/processing/reads";
import { readOnServer } from "@/server/http/route-guard";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n";
import { getQiniu } from "@/server/qiniu";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("processing.title") };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** `/processing?bucket=<b>&key=<k>` opens the form on that object (links from the bucket browser). */
export default async function ProcessingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/processing");
  if (!roleHas(user.role, "pfop.read")) return <Forbidden />;
  const { t } = await getTranslator();
  const params = await searchParams;
  const [jobs, buckets] = await Promise.all([
    readOnServer(pfopJobsRead, { limit: 30 }),
    getQiniu()
      .listBuckets()
      .then((names) => visibleBuckets(user, names))
      .catch(() => [] as string[]),
  ]);
  return (
    <section className="space-y-4">
      <PageHeader title={t("processing.title")} intro={t("processing.intro")} />
      <ProcessingView
        initial={jobs.ok ? jobs.data : null}
        initialError={jobs.ok ? undefined : jobs.error.message}
        buckets={buckets}
        prefill={{ bucket: first(params.bucket), key: first(params.key) }}
        canSubmit={roleHas(user.role, "pfop.submit")}
      />
    </section>
  );
}
