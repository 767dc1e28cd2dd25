"use client";

import { createContext, useCallback, useContext, type ReactNode } from "react";
import type { Locale } from "@/lib/i18n/messages";
import { translate, type MessageKey } from "@/lib/i18n/translate";

const LocaleContext = createContext<Locale>("zh-CN");

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** Client-side translation; the dictionaries are small and shared with the server. */
export function useT() {
  const locale = useLocale();
  return useCallback((key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars), [locale]);
}
