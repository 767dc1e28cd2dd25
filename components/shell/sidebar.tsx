"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import clsx from "clsx";
import type { ReactNode } from "react";
import { useT } from "@/components/i18n-provider";
import type { NavItem } from "./nav-items";

/** The section links: a column beside the page from `md` up, a drawer behind the header's menu button below it. */
export function Sidebar({ items, open, onNavigate, children }: { items: NavItem[]; open: boolean; onNavigate: () => void; children?: ReactNode }) {
  const t = useT();
  const pathname = usePathname();
  return (
    <nav
      aria-label={t("nav.main")}
      id="console-nav"
      data-testid="sidebar"
      className={clsx(
        "fixed inset-y-0 left-0 z-30 w-64 max-w-[85vw] shrink-0 overflow-y-auto border-r border-slate-200 bg-white pt-14 transition-transform dark:border-slate-800 dark:bg-slate-900 md:visible md:static md:w-56 md:translate-x-0 md:pt-0",
        // Closed on a small screen: off to the left and out of the tab order.
        open ? "translate-x-0" : "invisible -translate-x-full",
      )}
    >
      <ul className="space-y-1 p-3">
        {items.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
                  active
                    ? "bg-brand-50 text-brand-700 dark:bg-slate-800 dark:text-brand-100"
                    : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
                )}
              >
                <span aria-hidden className="w-5 text-center">
                  {item.icon}
                </span>
                {t(item.label)}
              </Link>
            </li>
          );
        })}
      </ul>
      {children}
    </nav>
  );
}
