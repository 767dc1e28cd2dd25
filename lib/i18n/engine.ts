// ICU message formatting (plurals, selects, numbers) through next-intl's core translator, which wraps formatjs'
// intl-messageformat. Only the call shape is ours — `t(key, vars)` — so one engine serves server code that knows the
// locale explicitly (actions, route handlers) and client components that get one language's dictionary from the layout.
import { createTranslator, type AbstractIntlMessages, type IntlError } from "next-intl";
import type { Locale } from "./locales";
import type { MessageKey } from "./keys";

export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

// A count passed already formatted (`n.toLocaleString()`) would print NaN in `{count, plural, …}`: take it back as a number.
// Only whole numbers that print back the same (no leading zeros, no decimals, ≤ 15 digits): an object key "007" stays.
const WHOLE_NUMBER = /^-?(0|[1-9]\d{0,2}(,\d{3}){1,4}|[1-9]\d{0,14})$/;

function normalise(vars: MessageVars): MessageVars {
  const out: MessageVars = {};
  for (const [k, v] of Object.entries(vars)) out[k] = typeof v === "string" && WHOLE_NUMBER.test(v) ? Number(v.replace(/,/g, "")) : v;
  return out;
}

/**
 * A translator over one language's dictionary. Unknown keys and messages that cannot be filled return the key: a gap
 * is visible, not blank. `onError` sees each such problem (tests use it to prove every message is valid ICU).
 */
export function createTranslate(locale: Locale, dictionary: object, onError: (error: IntlError) => void = () => {}): Translate {
  const t = createTranslator({
    locale,
    messages: dictionary as AbstractIntlMessages,
    onError,
    getMessageFallback: ({ key, namespace }) => (namespace ? `${namespace}.${key}` : key),
  }) as unknown as (key: string, vars?: MessageVars) => string;
  return (key, vars) => t(key, vars && normalise(vars));
}
