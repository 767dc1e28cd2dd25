"use client";

import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { applyTheme, themes, type Theme } from "@/lib/theme";

export function ThemeSwitch({ initial, testId = "theme-switch" }: { initial: Theme; testId?: string }) {
  const t = useT();
  const [theme, setTheme] = useState<Theme>(initial);
  const label = { light: t("header.themeLight"), dark: t("header.themeDark"), system: t("header.themeSystem") };
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">{t("header.theme")}</span>
      <select
        data-testid={testId}
        value={theme}
        onChange={(e) => {
          const next = e.target.value as Theme;
          setTheme(next);
          applyTheme(next);
        }}
        className="rounded-md border border-slate-400 bg-white px-2 py-1 dark:border-slate-500 dark:bg-slate-900"
      >
        {themes.map((th) => (
          <option key={th} value={th}>
            {label[th]}
          </option>
        ))}
      </select>
    </label>
  );
}
