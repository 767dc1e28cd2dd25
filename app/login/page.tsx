import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { afterLoginPath } from "@/lib/auth/callback-url";
import { getConfig } from "@/server/config";
import { getSessionUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("auth.login.submit") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // A login link must not send people to another site afterwards (lib/auth/callback-url.ts).
  const callbackUrl = afterLoginPath(params.callbackUrl, getConfig().auth.url);
  if (await getSessionUser()) redirect(callbackUrl);
  const { t } = await getTranslator();
  const oidc = getConfig().auth.oidc;
  const error = typeof params.error === "string" ? params.error : undefined;
  const passwordChanged = params.notice === "password-changed";
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-between">
          <span className="flex items-center gap-2 font-semibold text-brand-700 dark:text-brand-100">
            <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand-500" />
            {t("app.name")}
          </span>
          <LanguageSwitch />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 className="text-lg font-semibold">{t("auth.login.title")}</h1>
          <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">{t("auth.login.subtitle")}</p>
          {passwordChanged && (
            <p
              role="status"
              data-testid="login-notice"
              className="mt-3 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950/50 dark:text-green-200"
            >
              {t("auth.account.changed")}
            </p>
          )}
          <LoginForm callbackUrl={callbackUrl} initialError={error} ssoName={oidc?.name} />
        </div>
      </div>
    </main>
  );
}
