import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { SessionsList } from "@/components/auth/sessions-list";
import { TwoFactorPanel } from "@/components/auth/two-factor-panel";
import { formatScopes, isUnrestricted } from "@/lib/permissions";
import { requireUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { accountSecurity } from "@/server/auth/account-view";
import { findUserById } from "@/server/auth/users";
import { getTranslator } from "@/server/i18n";
import { TimeZoneSetting } from "@/components/account/time-zone-setting";
import { getTimeZonePreference } from "@/server/auth/preferences";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("auth.account.title") };
}

export default async function AccountPage() {
  const user = await requireUser("/account");
  const { t } = await getTranslator();
  const [record, chosenZone, security] = await Promise.all([
    findUserById(getDb(), user.id),
    getTimeZonePreference(getDb(), user.id),
    accountSecurity(getDb(), user),
  ]);
  return (
    <section className="max-w-xl space-y-6">
      <PageHeader title={t("auth.account.title")} />
      <dl className="grid grid-cols-1 gap-x-6 sm:grid-cols-[max-content_1fr] gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
        <dt className="text-slate-500">{t("auth.users.email")}</dt>
        <dd data-testid="account-email" className="[overflow-wrap:anywhere]">
          {user.email}
        </dd>
        <dt className="text-slate-500">{t("auth.account.role")}</dt>
        <dd data-testid="account-role">
          {t(`auth.roles.${user.role}`)} — {t(`auth.roleHints.${user.role}`)}
        </dd>
        <dt className="text-slate-500">{t("auth.account.scopes")}</dt>
        <dd className="whitespace-pre-line">{isUnrestricted(user) ? t("auth.users.allBuckets") : formatScopes(user.scopes)}</dd>
      </dl>
      <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <TimeZoneSetting chosen={chosenZone} />
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="mb-3 font-medium">{t("auth.account.changePassword")}</h2>
        {record?.hasPassword ? <ChangePasswordForm /> : <p className="text-sm text-slate-500">{t("auth.account.ssoOnly")}</p>}
      </div>
      {record?.hasPassword && (
        <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-testid="twofa-panel">
          <h2 className="mb-3 font-medium">{t("auth.twoFactor.title")}</h2>
          <TwoFactorPanel enabled={security.twoFactor.enabled} recoveryLeft={security.twoFactor.recoveryCodesLeft} />
        </div>
      )}
      <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="mb-1 font-medium">{t("auth.sessions.title")}</h2>
        <p className="mb-3 text-xs text-slate-500">{t("auth.sessions.limits", { idle: security.idleMinutes, hours: security.sessionHours })}</p>
        <SessionsList sessions={security.sessions} />
      </div>
    </section>
  );
}
