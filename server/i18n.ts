import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { formatterFor, isTimeZone } from "@/lib/i18n/format";
import { defaultLocale, isLocale, messages, type Locale } from "@/lib/i18n/messages";
import { TIME_ZONE_COOKIE, type DisplayTimeZone } from "@/lib/i18n/time-zone";
import { translate, type MessageKey } from "@/lib/i18n/translate";
import type { MessageVars } from "@/lib/i18n/engine";
import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getTimeZonePreference } from "@/server/auth/preferences";

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

/** The signed-in user's chosen display time zone, else the zone the browser reported (cookie), else UTC. Once per request. */
export const getDisplayTimeZone = cache(async (): Promise<DisplayTimeZone> => {
  const user = await getSessionUser();
  const chosen = user ? await getTimeZonePreference(getDb(), user.id) : null;
  let reported = "";
  try {
    reported = decodeURIComponent((await cookies()).get(TIME_ZONE_COOKIE)?.value ?? "");
  } catch {
    // A malformed cookie is no zone at all.
  }
  return { chosen, zone: chosen ?? (isTimeZone(reported) ? reported : "UTC") };
});

export async function getTranslator() {
  const locale = await getLocale();
  return { locale, messages: messages[locale], t: (key: MessageKey, vars?: MessageVars) => translate(locale, key, vars) };
}

/** Formatters for server components, in the active locale and the display time zone the server renders with. */
export async function getFormatter() {
  const [locale, { zone }] = await Promise.all([getLocale(), getDisplayTimeZone()]);
  return formatterFor(locale, zone);
}
