import { createTranslate, type MessageVars, type Translate } from "./engine";
import type { MessageKey } from "./keys";
import { messages } from "./messages";
import { locales, type Locale } from "./locales";

export type { MessageKey };

const translators = Object.fromEntries(locales.map((l) => [l, createTranslate(l, messages[l])])) as Record<Locale, Translate>;

/** Server-side (and test) translation with an explicit locale; ICU syntax: `{name}`, `{count, plural, one {# file} other {# files}}`. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  return translators[locale](key, vars);
}
