import { describe, expect, it } from "vitest";
import { expectedFailures, jobParams } from "@/lib/batch/describe";
import type { BatchOperation, BatchSource } from "@/lib/batch/spec";
import { translate } from "@/lib/i18n/translate";
import type { MessageKey } from "@/lib/i18n/translate";

const en = (key: MessageKey, vars?: Record<string, string | number>) => translate("en", key, vars);
const zh = (key: MessageKey, vars?: Record<string, string | number>) => translate("zh-CN", key, vars);
const job = (operation: BatchOperation, source: BatchSource = { kind: "prefix", bucket: "media", prefix: "photos/" }) => ({
  operation,
  source,
  bucket: source.bucket,
});
const text = (rows: { label: string; value: string }[]) => rows.map((r) => `${r.label}: ${r.value}`);

describe("the parameters a batch confirmation names", () => {
  it("a move names the source, target bucket, key rule and overwrite", () => {
    const rows = jobParams(en, job({ op: "move", targetBucket: "archive", pattern: { kind: "prefix", from: "photos/", to: "2024/" }, overwrite: false }));
    expect(text(rows)).toEqual([
      "Operation: Move",
      "Files: media:photos/",
      "Target bucket: archive",
      "Target key: Replace prefix: “photos/” → “2024/”",
      "Overwrite existing targets: no",
    ]);
  });

  it("a rename by suffix, a storage class change, a MIME change and days, in Chinese too", () => {
    expect(text(jobParams(zh, job({ op: "rename", pattern: { kind: "suffix", suffix: "-v2", beforeExtension: true }, overwrite: true })))).toContain(
      "目标文件名规则: 添加后缀: “-v2” (加在扩展名之前)",
    );
    expect(text(jobParams(en, job({ op: "chtype", type: 5 })))).toContain("New storage class: " + translate("en", "browser.storageClass.intelligentTiering"));
    expect(text(jobParams(en, job({ op: "chgm", mime: "text/plain; charset=utf-8" })))).toContain("New MIME type: text/plain; charset=utf-8");
    expect(text(jobParams(en, job({ op: "deleteAfterDays", days: 30 })))).toHaveLength(3);
  });

  it("pasted keys and the whole bucket are named as such", () => {
    expect(jobParams(en, job({ op: "delete" }, { kind: "keys", bucket: "media" }))[1].value).toBe("media (the listed files)");
    expect(jobParams(en, job({ op: "delete" }, { kind: "prefix", bucket: "media", prefix: "" }))[1].value).toBe("media:/");
  });

  it("counts the items the dry run expects to fail apart", () => {
    const plan = { checks: { ok: 10, conflict: 3, overwrite: 0, missing: 2, unchecked: 0 }, skips: {} };
    expect(expectedFailures({ plan })).toEqual({ conflict: 3, missing: 2, total: 5 });
    expect(expectedFailures({ plan: null })).toEqual({ conflict: 0, missing: 0, total: 0 });
  });
});
