import { messages, type Locale, type Messages } from "./messages";

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never;
type Paths<T> = { [K in keyof T]: T[K] extends string ? K : Join<K, Paths<T[K]>> }[keyof T];
export type MessageKey = Paths<Messages>;

/** Looks up a dotted key and fills `{name}` placeholders. Unknown keys return the key, so a gap is visible, not blank. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  let node: unknown = messages[locale];
  for (const part of key.split(".")) {
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  const text = typeof node === "string" ? node : key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
