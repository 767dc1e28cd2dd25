import { cookies } from "next/headers";
import { ConsoleShell } from "@/components/shell/console-shell";
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
      visibleNav={visibleSections(user)}
      userMenu={<UserMenu />}
    >
      {children}
    </ConsoleShell>
  );
}
