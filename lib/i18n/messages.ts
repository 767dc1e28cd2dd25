import { auth } from "./areas/auth";
import { batch } from "./areas/batch";
import { browser } from "./areas/browser";
import { buckets } from "./areas/buckets";
import { cdn } from "./areas/cdn";
import { downloads } from "./areas/downloads";
import { processing } from "./areas/processing";
import { shell } from "./areas/shell";
import { upload } from "./areas/upload";

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "zh-CN";

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
  };
}

export const messages = { "zh-CN": build("zh-CN"), en: build("en") } satisfies Record<Locale, unknown>;
export type Messages = ReturnType<typeof build>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}
