import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { formatScopes, isUnrestricted } from "@/lib/permissions";
import { requireUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { findUserById } from "@/server/auth/users";
import { getTranslator } from "@/server/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("auth.account.title") };
}

export default async function AccountPage() {
  const user = await requireUser("/account");
  const { t } = await getTranslator();
  const record = await findUserById(getDb(), user.id);
  return (
    <section className="max-w-xl space-y-6">
      <PageHeader title={t("auth.account.title")} />
      <dl className="grid grid-cols-1 gap-x-6 sm:grid-cols-[max-content_1fr] gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
        <dt className="text-slate-500">{t("auth.users.email")}</dt>
        <dd data-testid="account-email" className="[overflow-wrap:anywhere]">{user.email}</dd>
        <dt className="text-slate-500">{t("auth.account.role")}</dt>
        <dd data-testid="account-role">
          {t(`auth.roles.${user.role}`)} — {t(`auth.roleHints.${user.role}`)}
        </dd>
        <dt className="text-slate-500">{t("auth.account.scopes")}</dt>
        <dd className="whitespace-pre-line">{isUnrestricted(user) ? t("auth.users.allBuckets") : formatScopes(user.scopes)}</dd>
      </dl>
      <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="mb-3 font-medium">{t("auth.account.changePassword")}</h2>
        {record?.hasPassword ? <ChangePasswordForm /> : <p className="text-sm text-slate-500">{t("auth.account.ssoOnly")}</p>}
      </div>
    </section>
  );
}
