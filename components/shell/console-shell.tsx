"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { useT } from "@/components/i18n-provider";
import type { Theme } from "@/lib/theme";
import { LanguageSwitch } from "./language-switch";
import { navItems, type NavItem } from "./nav-items";
import { Sidebar } from "./sidebar";
import { ThemeSwitch } from "./theme-switch";

export interface ShellUser {
  name: string;
  email: string;
  role: string;
}

export function ConsoleShell({
  children,
  emulator,
  theme,
  user,
  visibleNav,
  userMenu,
}: {
  children: ReactNode;
  emulator: boolean;
  theme: Theme;
  user?: ShellUser;
  /** hrefs of the sections the user may open; all by default */
  visibleNav?: string[];
  userMenu?: ReactNode;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const items: NavItem[] = visibleNav ? navItems.filter((i) => visibleNav.includes(i.href)) : navItems;
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-40 flex h-14 items-center gap-3 border-b border-slate-200 bg-white/90 px-4 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <button
          type="button"
          className="rounded-md p-2 md:hidden"
          aria-label={t("header.menu")}
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          ☰
        </button>
        <Link href="/" className="flex items-center gap-2 font-semibold text-brand-700 dark:text-brand-100">
          <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand-500" />
          <span data-testid="app-name">{t("app.name")}</span>
        </Link>
        {emulator && (
          <span
            data-testid="emulator-badge"
            title={t("header.emulatorHint")}
            className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-900/50 dark:text-amber-200"
          >
            {t("header.emulator")}
          </span>
        )}
        <div className="ml-auto flex items-center gap-3">
          <LanguageSwitch />
          <ThemeSwitch initial={theme} />
          {user && (
            <div className="flex items-center gap-2 text-sm" data-testid="current-user">
              <span className="sr-only">{t("header.signedInAs")}</span>
              <span className="hidden font-medium sm:inline">{user.name || user.email}</span>
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{user.role}</span>
              {userMenu}
            </div>
          )}
        </div>
      </header>
      <div className="flex flex-1">
        <Sidebar items={items} open={open} onNavigate={() => setOpen(false)} />
        {open && <div className="fixed inset-0 z-20 bg-black/30 md:hidden" onClick={() => setOpen(false)} aria-hidden />}
        <main id="main" className="min-w-0 flex-1 p-4 md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
