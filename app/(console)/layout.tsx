import { cookies } from "next/headers";
import { ConsoleShell } from "@/components/shell/console-shell";
import { SessionTimeout } from "@/components/auth/session-timeout";
import { TwoFactorPanel } from "@/components/auth/two-factor-panel";
import { UserMenu } from "@/components/auth/user-menu";
import { publicConfig } from "@/server/config";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n";
import { visibleSections } from "@/lib/permissions";
import { themes, THEME_COOKIE, type Theme } from "@/lib/theme";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts already sent visitors without a session cookie to /login; this also catches disabled users and ended sessions.
  const user = await requireUser();
  const { t } = await getTranslator();
  const theme = (await cookies()).get(THEME_COOKIE)?.value;
  const { mode } = publicConfig();
  return (
    <ConsoleShell
      emulator={mode === "emulator"}
      theme={(themes as readonly string[]).includes(theme ?? "") ? (theme as Theme) : "system"}
      user={{ name: user.name, email: user.email, role: t(`auth.roles.${user.role}`) }}
      visibleNav={user.mustEnrol2fa ? [] : visibleSections(user)}
      userMenu={<UserMenu />}
    >
      {user.mustEnrol2fa ? (
        // Two-step verification is required for this role and not set up: every page is the enrolment until it is.
        <section className="max-w-xl space-y-4" data-testid="twofa-required">
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/50 dark:text-amber-100">
            {t("auth.twoFactor.requiredBanner")}
          </p>
          <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h1 className="mb-3 font-medium">{t("auth.twoFactor.title")}</h1>
            <TwoFactorPanel enabled={false} recoveryLeft={0} />
          </div>
        </section>
      ) : (
        children
      )}
      <SessionTimeout />
    </ConsoleShell>
  );
}
