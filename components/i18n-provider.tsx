"use client";

import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import { createTranslate, type Translate } from "@/lib/i18n/engine";
import { formatterFor, systemTimeZone, type Formatter } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";
import { TIME_ZONE_COOKIE, type DisplayTimeZone } from "@/lib/i18n/time-zone";
import { useIsClient } from "@/components/ui/use-is-client";

interface I18nValue {
  locale: Locale;
  t: Translate;
  zone: DisplayTimeZone;
}

const I18nContext = createContext<I18nValue | null>(null);

/**
 * The active language and display time zone. `messages` is that one language's dictionary, handed over by the root
 * layout, so a client bundle never contains the other language (test/e2e/i18n-bundle.spec.ts).
 */
export function I18nProvider({ locale, messages, timeZone, children }: { locale: Locale; messages: object; timeZone: DisplayTimeZone; children: ReactNode }) {
  const t = useMemo(() => createTranslate(locale, messages), [locale, messages]);
  const value = useMemo(() => ({ locale, t, zone: timeZone }), [locale, t, timeZone]);
  useEffect(() => {
    // Without a chosen zone the server renders in the zone this browser reported last time; keep that cookie current.
    const own = systemTimeZone();
    if (timeZone.chosen === null && own !== timeZone.zone)
      document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(own)}; path=/; max-age=31536000; samesite=lax`;
  }, [timeZone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("I18nProvider is missing");
  return value;
}

export function useLocale(): Locale {
  return useI18n().locale;
}

/** Client-side translation in the active language: `t(key, vars)`, ICU messages. */
export function useT(): Translate {
  return useI18n().t;
}

/**
 * The display time zone: the user's setting, else this browser's own zone. Until hydration ends it is the zone the
 * server rendered with, so server and browser print the same text.
 */
function useTimeZone(): string {
  const { zone } = useI18n();
  const client = useIsClient();
  return zone.chosen ?? (client ? systemTimeZone() : zone.zone);
}

/** Sizes, speeds, numbers, durations and dates bound to the active locale and display time zone. */
export function useFormat(): Formatter {
  const locale = useLocale();
  const timeZone = useTimeZone();
  return useMemo(() => formatterFor(locale, timeZone), [locale, timeZone]);
}
