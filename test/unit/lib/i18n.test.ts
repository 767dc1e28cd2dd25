import { describe, expect, it } from "vitest";
import { messages, locales } from "@/lib/i18n/messages";
import { translate } from "@/lib/i18n/translate";

function keysOf(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe("i18n", () => {
  it("has the same keys in every language, none empty", () => {
    const zh = keysOf(messages["zh-CN"]).sort();
    for (const locale of locales) {
      expect(keysOf(messages[locale]).sort()).toEqual(zh);
      for (const key of zh) expect(translate(locale, key as never).trim()).not.toBe("");
    }
  });

  it("translates, fills placeholders and shows unknown keys verbatim", () => {
    expect(translate("zh-CN", "nav.buckets")).toBe("空间管理");
    expect(translate("en", "nav.buckets")).toBe("Buckets");
    expect(translate("en", "nope.missing" as never)).toBe("nope.missing");
  });
});
