// The console's languages, with no dictionary attached: client code imports this, never lib/i18n/messages.ts, so the
// browser receives only the active language's messages (from the root layout, through the I18nProvider).
export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "zh-CN";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}
