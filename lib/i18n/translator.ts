import type { MessageKey } from "./translate";

/** A translate function bound to a locale: what `useT()` and `getTranslator()` give. The one such type. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
