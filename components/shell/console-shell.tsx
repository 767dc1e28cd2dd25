"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { useT } from "@/components/i18n-provider";
import type { Theme } from "@/lib/theme";
import { LanguageSwitch } from "./language-switch";
import { navItems, type NavItem } from "./nav-items";
import { ShortcutsHelp } from "./shortcuts-help";
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
      <a
        href="#main"
        data-testid="skip-link"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-slate-900 dark:text-brand-100"
      >
        {t("header.skipToContent")}
      </a>
      <header className="sticky top-0 z-40 flex h-14 min-w-0 items-center gap-2 border-b border-slate-200 bg-white/90 px-4 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <button
          type="button"
          className="rounded-md p-2 md:hidden"
          aria-label={t("header.menu")}
          aria-expanded={open}
          aria-controls="console-nav"
          data-testid="nav-menu-button"
          onClick={() => setOpen((o) => !o)}
        >
          ☰
        </button>
        <Link href="/" className="flex min-w-0 items-center gap-2 font-semibold text-brand-700 dark:text-brand-100">
          <span aria-hidden className="inline-block h-6 w-6 shrink-0 rounded bg-brand-500" />
          <span data-testid="app-name" className="truncate">
            {t("app.name")}
          </span>
        </Link>
        {emulator && (
          <span
            data-testid="emulator-badge"
            title={t("header.emulatorHint")}
            className="hidden shrink-0 rounded-full bg-amber-100 px-2 sm:inline py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-900/50 dark:text-amber-200"
          >
            {t("header.emulator")}
          </span>
        )}
        <div className="ml-auto flex shrink-0 items-center gap-2 md:gap-3">
          {/* On small screens the two switches live in the navigation menu (the header keeps the account menu). */}
          <div className="hidden items-center gap-3 md:flex">
            <LanguageSwitch />
            <ThemeSwitch initial={theme} />
          </div>
          <ShortcutsHelp />
          {user && (
            <div className="flex items-center gap-2 text-sm" data-testid="current-user">
              <span className="sr-only">{t("header.signedInAs")}</span>
              <span className="hidden max-w-48 truncate font-medium lg:inline">{user.name || user.email}</span>
              <span className="hidden rounded bg-slate-100 sm:inline px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                {user.role}
              </span>
              {userMenu}
            </div>
          )}
        </div>
      </header>
      <div className="flex flex-1">
        <Sidebar items={items} open={open} onNavigate={() => setOpen(false)}>
          <div className="flex flex-col gap-3 border-t border-slate-200 p-3 md:hidden dark:border-slate-800">
            <LanguageSwitch testId="language-switch-menu" />
            <ThemeSwitch initial={theme} testId="theme-switch-menu" />
          </div>
        </Sidebar>
        {open && <div className="fixed inset-0 z-20 bg-black/30 md:hidden" onClick={() => setOpen(false)} aria-hidden />}
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 focus:outline-none md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
