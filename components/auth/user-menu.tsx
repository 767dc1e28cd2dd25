"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { useT } from "@/components/i18n-provider";

/** The header's account menu: "My account" and "Sign out". Closes on Escape and on a click elsewhere. */
export function UserMenu() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={t("auth.menu.account")}
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
        className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700"
      >
        ▾
      </button>
      {open && (
        <div className="absolute right-0 z-50 mt-2 w-44 rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <Link
            href="/account"
            onClick={() => setOpen(false)}
            className="block px-3 py-2 hover:bg-slate-100 dark:hover:bg-slate-800"
            data-testid="menu-account"
          >
            {t("auth.menu.account")}
          </Link>
          <button
            type="button"
            disabled={leaving}
            data-testid="sign-out"
            onClick={() => {
              setLeaving(true);
              void signOut({ callbackUrl: "/login" });
            }}
            className="block w-full px-3 py-2 text-left hover:bg-slate-100 disabled:opacity-60 dark:hover:bg-slate-800"
          >
            {leaving ? t("auth.menu.signingOut") : t("auth.menu.signOut")}
          </button>
        </div>
      )}
    </div>
  );
}
