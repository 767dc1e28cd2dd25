"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useLocale, useT } from "@/components/i18n-provider";
import { locales, type Locale } from "@/lib/i18n/locales";

const labels: Record<Locale, string> = { "zh-CN": "中文", en: "English" };

/** `testId`: the navigation menu's copy (small screens) has its own, so each copy is found on its own. */
export function LanguageSwitch({ testId = "language-switch" }: { testId?: string }) {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">{t("header.language")}</span>
      <select
        data-testid={testId}
        value={locale}
        disabled={pending}
        onChange={(e) => {
          document.cookie = `locale=${e.target.value}; path=/; max-age=31536000; samesite=lax`;
          startTransition(() => router.refresh());
        }}
        className="rounded-md border border-slate-400 bg-white px-2 py-1 dark:border-slate-500 dark:bg-slate-900"
      >
        {locales.map((l) => (
          <option key={l} value={l}>
            {labels[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
