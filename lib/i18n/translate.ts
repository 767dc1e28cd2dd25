import { createTranslate, type MessageVars, type Translate } from "./engine";
import { messages, type Messages } from "./messages";
import { locales, type Locale } from "./locales";

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never;
type Paths<T> = { [K in keyof T]: T[K] extends string ? K : Join<K, Paths<T[K]>> }[keyof T];
export type MessageKey = Paths<Messages>;

const translators = Object.fromEntries(locales.map((l) => [l, createTranslate(l, messages[l])])) as Record<Locale, Translate>;

/** Server-side (and test) translation with an explicit locale; ICU syntax: `{name}`, `{count, plural, one {# file} other {# files}}`. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  return translators[locale](key, vars);
}
