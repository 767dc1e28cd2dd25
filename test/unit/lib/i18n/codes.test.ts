import { describe, expect, it } from "vitest";
import { actionLabel, describeQiniuError, qiniuCodeText } from "@/lib/i18n/codes";
import { translate } from "@/lib/i18n/translate";
import { QiniuError } from "@/lib/qiniu/errors";
import type { Locale } from "@/lib/i18n/locales";

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);

describe("codes the user sees, in words", () => {
  it("translates Qiniu's error codes in both languages and keeps Qiniu's own message beside them", () => {
    const exists = new QiniuError({ status: 614, reqId: "r1", body: { error: "file exists" } });
    expect(describeQiniuError(t("zh-CN"), exists)).toBe("目标文件已存在（614）。七牛原文：file exists");
    expect(describeQiniuError(t("en"), exists)).toBe("The target file already exists (614). Qiniu said: file exists");
    for (const [status, zh, en] of [
      [612, "文件不存在", "does not exist"],
      [631, "空间不存在", "bucket does not exist"],
      [579, "回调失败", "callback failed"],
      [701, "分片上传已过期", "multipart upload has expired"],
      [403, "拒绝了此操作", "refused this operation"],
      [401, "拒绝了访问凭证", "rejected the credentials"],
    ] as const) {
      expect(describeQiniuError(t("zh-CN"), new QiniuError({ status }))).toContain(zh);
      expect(describeQiniuError(t("en"), new QiniuError({ status }))).toContain(en);
    }
  });

  it("shows no internals for failures Qiniu did not explain (5xx, network, refused keys)", () => {
    expect(describeQiniuError(t("en"), new QiniuError({ status: 599, message: "internal detail" }))).toBe("Qiniu had a server error (599). Try again shortly.");
    expect(describeQiniuError(t("zh-CN"), new QiniuError({ status: 0, code: "network", message: "ECONNREFUSED 10.0.0.1" }))).toBe(
      "无法连接七牛服务，请稍后再试。",
    );
    expect(describeQiniuError(t("en"), new QiniuError({ status: 401, message: "bad token" }))).not.toContain("bad token");
  });

  it("names batch item codes and audit actions, falling back to the code itself", () => {
    expect(qiniuCodeText(t("zh-CN"), 612)).toBe("文件不存在（612 / 404）。");
    expect(qiniuCodeText(t("en"), "614")).toBe("The target file already exists (614).");
    expect(qiniuCodeText(t("en"), 299)).toBe("299");
    expect(qiniuCodeText(t("en"), "conflict")).toBe("conflict");
    expect(actionLabel(t("zh-CN"), "objects.delete")).toBe("删除文件");
    expect(actionLabel(t("en"), "users.create")).toBe("Create user");
    expect(actionLabel(t("en"), "brand.new")).toBe("brand.new");
  });
});
