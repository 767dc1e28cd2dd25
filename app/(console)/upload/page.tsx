import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { roleHas } from "@/lib/permissions";
import { ROLE_UPLOAD_LIMITS } from "@/lib/upload/limits";
import { UploadWorkspace } from "@/components/upload/upload-workspace";
import { requireUser } from "@/server/auth/session";
import { toActionError } from "@/server/actions/wrapper";
import { getTranslator } from "@/server/i18n";
import { uploadSettings } from "@/server/upload/settings";
import { initialTarget, uploadBuckets, type UploadBucketChoice } from "@/server/upload/targets";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function UploadPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const query = new URLSearchParams(Object.entries(sp).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  const user = await requireUser(`/upload${query.size ? `?${query}` : ""}`);
  const { t } = await getTranslator();
  const header = <PageHeader title={t("upload.title")} intro={t("upload.subtitle")} />;
  if (!roleHas(user.role, "upload.write")) {
    return (
      <section className="grid gap-4">
        {header}
        <EmptyState testId="upload-forbidden">{t("auth.errors.forbidden")}</EmptyState>
      </section>
    );
  }

  let buckets: UploadBucketChoice[];
  try {
    buckets = await uploadBuckets(user);
  } catch (err) {
    const error = toActionError(err, t, "upload.page");
    return (
      <section className="grid gap-4">
        {header}
        <p
          data-testid="upload-load-error"
          className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200"
        >
          {error.message}
          {error.reqId ? ` (reqId ${error.reqId})` : ""}
        </p>
      </section>
    );
  }
  const settings = uploadSettings();
  return (
    <section className="grid gap-4">
      {header}
      {buckets.length === 0 ? (
        <EmptyState testId="upload-no-buckets">{t("upload.target.noBuckets")}</EmptyState>
      ) : (
        <UploadWorkspace
          buckets={buckets}
          initial={initialTarget(buckets, first(sp.bucket), first(sp.prefix))}
          principal={{ role: user.role, scopes: user.scopes }}
          limits={ROLE_UPLOAD_LIMITS[user.role]}
          transport={settings.transport}
          callback={settings.callback}
          publicUrl={settings.publicUrl}
        />
      )}
    </section>
  );
}
