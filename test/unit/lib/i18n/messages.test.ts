import { describe, expect, it } from "vitest";
import { createTranslate, type MessageVars } from "@/lib/i18n/engine";
import { messages, locales, type Locale } from "@/lib/i18n/messages";
import { translate, type MessageKey } from "@/lib/i18n/translate";

function keysOf(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

/** Formats one message, supplying each argument the engine asks for (as a number, which every kind accepts). */
function argumentsOf(locale: Locale, key: string): { args: string[]; problems: string[] } {
  const vars: MessageVars = {};
  const problems: string[] = [];
  for (let round = 0; round < 12; round++) {
    let missing: string | null = null;
    const t = createTranslate(locale, messages[locale], (e) => {
      const m = /context variable "(\w+)" was not provided/.exec(e.message);
      if (m) missing = m[1];
      else problems.push(`${locale} ${key}: ${e.message}`);
    });
    t(key as MessageKey, vars);
    if (missing === null) break;
    vars[missing] = 2;
  }
  return { args: Object.keys(vars).sort(), problems };
}

describe("i18n dictionaries", () => {
  const zhKeys = keysOf(messages["zh-CN"]).sort();

  it("has the same keys in every language, none empty", () => {
    for (const locale of locales) {
      expect(keysOf(messages[locale]).sort()).toEqual(zhKeys);
      for (const key of zhKeys) expect(translate(locale, key as never).trim()).not.toBe("");
    }
  });

  it("holds only valid ICU messages, with the same arguments in both languages", () => {
    const problems: string[] = [];
    for (const key of zhKeys) {
      const zh = argumentsOf("zh-CN", key);
      const en = argumentsOf("en", key);
      problems.push(...zh.problems, ...en.problems);
      if (zh.args.join() !== en.args.join()) problems.push(`${key}: zh-CN {${zh.args}} but en {${en.args}}`);
    }
    expect(problems).toEqual([]);
  });

  it("translates, fills placeholders and shows unknown keys verbatim", () => {
    expect(translate("zh-CN", "nav.buckets")).toBe("空间管理");
    expect(translate("en", "nav.buckets")).toBe("Buckets");
    expect(translate("en", "nope.missing" as never)).toBe("nope.missing");
    expect(translate("en", "browser.ops.done.delete", { key: "a/b.txt" })).toBe("Deleted a/b.txt");
  });

  it("keeps literal angle brackets and apostrophes", () => {
    expect(translate("en", "processing.form.fopsHint")).toContain("|saveas/<EncodedEntry>");
    expect(translate("en", "auth.login.subtitle")).toContain("team's");
  });
});

describe("plurals and numbers", () => {
  it("says 1 hour and 2 hours, 1 item and 3 items, in English", () => {
    expect(translate("en", "cdn.antileech.hours", { n: 1 })).toBe("1 hour");
    expect(translate("en", "cdn.antileech.hours", { n: 2 })).toBe("2 hours");
    expect(translate("en", "cdn.refresh.done", { count: 1, id: "r1" })).toBe("Submitted 1 item, request r1.");
    expect(translate("en", "cdn.refresh.done", { count: 3, id: "r1" })).toBe("Submitted 3 items, request r1.");
    expect(translate("en", "processing.form.count", { count: 1 })).toBe("1 command");
    expect(translate("en", "browser.selection.count", { count: 1 })).toBe("1 file selected");
    expect(translate("en", "batch.items.attempts", { count: 2 })).toBe("Sent twice");
    expect(translate("en", "auth.login.rateLimited", { minutes: 1 })).toBe("Too many failed sign-in attempts. Try again in 1 minute.");
  });

  it("groups large counts in both languages, also when given already formatted", () => {
    expect(translate("en", "browser.page.loadedAll", { count: 12345 })).toBe("12,345 items");
    expect(translate("en", "browser.page.loadedAll", { count: "12,345" })).toBe("12,345 items");
    expect(translate("zh-CN", "browser.page.loadedAll", { count: 12345 })).toBe("共 12,345 项");
    expect(translate("zh-CN", "cdn.antileech.hours", { n: 1 })).toBe("1 小时");
  });

  it("lets a confirmation number be typed exactly as shown", () => {
    expect(translate("en", "batch.confirm.body", { count: 1234, undo: "can be undone" })).toBe(
      "This changes 1,234 objects and can be undone. Type 1234 to confirm.",
    );
    expect(translate("zh-CN", "batch.confirm.body", { count: 1, undo: "可撤销" })).toBe("此操作将修改 1 个文件，且可撤销。请输入数字 1 以确认。");
  });

  it("leaves object keys that look like numbers alone", () => {
    expect(translate("en", "browser.ops.done.delete", { key: "007" })).toBe("Deleted 007");
  });
});
