import { auth } from "./areas/auth";
import { batch } from "./areas/batch";
import { browser } from "./areas/browser";
import { buckets } from "./areas/buckets";
import { cdn } from "./areas/cdn";
import { codes } from "./areas/codes";
import { downloads } from "./areas/downloads";
import { processing } from "./areas/processing";
import { shell } from "./areas/shell";
import { upload } from "./areas/upload";

import type { Locale } from "./locales";

// The dictionaries of every language, for server code. Client code must not import this file (see ./locales.ts).
export { locales, defaultLocale, isLocale, type Locale } from "./locales";

// Add a feature's strings by importing its area file and spreading it here (one key per area).
function build(locale: Locale) {
  return {
    ...shell[locale],
    ...auth[locale],
    ...browser[locale],
    ...buckets[locale],
    ...cdn[locale],
    ...upload[locale],
    ...batch[locale],
    ...processing[locale],
    ...downloads[locale],
    ...codes[locale],
  };
}

export const messages = { "zh-CN": build("zh-CN"), en: build("en") } satisfies Record<Locale, unknown>;
export type Messages = ReturnType<typeof build>;
