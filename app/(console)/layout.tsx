import { cookies } from "next/headers";
import { ConsoleShell } from "@/components/shell/console-shell";
import { publicConfig } from "@/server/config";
import { themes, THEME_COOKIE, type Theme } from "@/lib/theme";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const theme = (await cookies()).get(THEME_COOKIE)?.value;
  const { mode } = publicConfig();
  return (
    <ConsoleShell emulator={mode === "emulator"} theme={(themes as readonly string[]).includes(theme ?? "") ? (theme as Theme) : "system"}>
      {children}
    </ConsoleShell>
  );
}
