import "server-only";
import { cookies, headers } from "next/headers";
import { defaultLocale, isLocale, messages, type Locale } from "@/lib/i18n/messages";
import { translate, type MessageKey } from "@/lib/i18n/translate";

export const LOCALE_COOKIE = "locale";

/** The user's chosen language (cookie), else the browser's preference when it is English, else zh-CN. */
export async function getLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  const accept = (await headers()).get("accept-language") ?? "";
  const first = accept.split(",")[0]?.trim().toLowerCase() ?? "";
  if (first.startsWith("en")) return "en";
  return defaultLocale;
}

export async function getTranslator() {
  const locale = await getLocale();
  return { locale, messages: messages[locale], t: (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars) };
}
