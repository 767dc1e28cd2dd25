"use client";

import { useRef, useState } from "react";
import { useT } from "@/components/i18n-provider";

/** Prefix search inside the folder; the URL (and so the listing) follows the text after a short pause. */
export function SearchBox({ initial, onSearch }: { initial: string; onSearch(q: string): void }) {
  const t = useT();
  const [text, setText] = useState(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  function change(value: string) {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onSearch(value), 300);
  }

  return (
    <div className="relative">
      <label htmlFor="browser-search" className="sr-only">
        {t("browser.page.search")}
      </label>
      <input
        id="browser-search"
        type="search"
        data-testid="prefix-search"
        value={text}
        placeholder={t("browser.page.searchPlaceholder")}
        title={t("browser.page.searchHint")}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            clearTimeout(timer.current);
            onSearch(text);
          }
        }}
        className="w-56 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
      />
    </div>
  );
}
