import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button";
import { Forbidden } from "@/components/auth/forbidden";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { can } from "@/lib/permissions";
import { requireUser } from "@/server/auth/session";
import { auditActions, queryAudit } from "@/server/audit/log";
import { auditFilterFrom, filterQuery, pageFrom } from "@/server/audit/filter";
import { getDisplayTimeZone, getTranslator } from "@/server/i18n";

const PAGE_SIZE = 50;

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("auth.audit.title") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/audit");
  if (!can(user, "audit.read")) return <Forbidden />;
  const params = await searchParams;
  const { t } = await getTranslator();
  const filter = auditFilterFrom(params, (await getDisplayTimeZone()).zone);
  const page = pageFrom(params);
  const [{ records, hasMore }, actions] = await Promise.all([queryAudit(filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), auditActions()]);
  const link = buttonClass.small;
  return (
    <section className="space-y-4">
      <PageHeader
        title={t("auth.audit.title")}
        intro={t("auth.audit.immutable")}
        actions={
          <a href={`/api/audit/export${filterQuery(filter)}`} className={link} data-testid="audit-export" download>
            {t("auth.audit.exportCsv")}
          </a>
        }
      />
      <AuditFilters filter={filter} actions={actions} />
      <AuditTable records={records} />
      <nav className="flex items-center gap-3 text-sm" aria-label={t("auth.audit.page", { page })}>
        {page > 1 ? (
          <a href={`/audit${filterQuery(filter, page - 1)}`} className={link} data-testid="audit-newer">
            ← {t("auth.audit.newer")}
          </a>
        ) : null}
        <span className="text-slate-500" data-testid="audit-page">
          {t("auth.audit.page", { page })}
        </span>
        {hasMore ? (
          <a href={`/audit${filterQuery(filter, page + 1)}`} className={link} data-testid="audit-older">
            {t("auth.audit.older")} →
          </a>
        ) : null}
      </nav>
    </section>
  );
}
