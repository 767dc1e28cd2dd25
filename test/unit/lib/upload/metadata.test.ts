import { describe, expect, it } from "vitest";
import { checkMetadata, prefixedMetadata } from "@/lib/upload/metadata";
import { planUpload, type Uploader } from "@/lib/upload/plan";
import { ROLE_UPLOAD_LIMITS } from "@/lib/upload/limits";

describe("custom metadata rows", () => {
  it("accepts Qiniu's name characters and ignores empty rows", () => {
    expect(
      checkMetadata([
        { name: "project", value: "apollo" },
        { name: "", value: "" },
        { name: "Owner_2-x", value: "ops team / 2026" },
      ]),
    ).toEqual({
      ok: true,
      metadata: { project: "apollo", "Owner_2-x": "ops team / 2026" },
    });
  });

  it("refuses names outside a-z A-Z 0-9 _ - or longer than 50, non-ASCII or long values, duplicates and more than 1 KB", () => {
    const problems = (rows: { name: string; value: string }[]) => {
      const r = checkMetadata(rows);
      return r.ok ? [] : r.problems.map((p) => `${p.index}:${p.problem}`);
    };
    expect(problems([{ name: "a.b", value: "1" }])).toEqual(["0:name"]);
    expect(problems([{ name: "名字", value: "1" }])).toEqual(["0:name"]);
    expect(problems([{ name: "", value: "orphan" }])).toEqual(["0:name"]);
    expect(problems([{ name: "n".repeat(51), value: "1" }])).toEqual(["0:name"]);
    expect(checkMetadata([{ name: "n".repeat(50), value: "v".repeat(200) }]).ok).toBe(true);
    expect(problems([{ name: "a", value: "v".repeat(201) }])).toEqual(["0:value"]);
    expect(problems([{ name: "a", value: "中文" }])).toEqual(["0:value"]);
    expect(problems([{ name: "a", value: "line\nbreak" }])).toEqual(["0:value"]);
    expect(
      problems([
        { name: "Tag", value: "1" },
        { name: "tag", value: "2" },
      ]),
    ).toEqual(["1:duplicate"]);
    const many = Array.from({ length: 6 }, (_, i) => ({ name: `k${i}`, value: "v".repeat(190) }));
    expect(problems(many)).toEqual(["5:total"]);
  });

  it("names the fields as the upload APIs expect", () => {
    expect(prefixedMetadata({ project: "apollo" })).toEqual({ "x-qn-meta-project": "apollo" });
  });
});

describe("storage class in the upload plan", () => {
  const editor: Uploader = { id: "u", email: "e@x.test", role: "editor", scopes: [] };
  const plan = (fileType?: 0 | 1 | 2 | 3 | 4 | 5) =>
    planUpload(
      editor,
      { bucket: "media", prefix: "", overwrite: false, batchId: "b", fileType },
      { relativePath: "a.txt", size: 1, mimeType: "text/plain" },
      {
        limits: ROLE_UPLOAD_LIMITS.editor,
      },
    );
  it("puts a non-standard class into the policy as fileType and leaves standard out", () => {
    for (const t of [1, 2, 3, 4, 5] as const) {
      const p = plan(t);
      expect(p.ok && p.policy.fileType).toBe(t);
    }
    const std = plan(0);
    expect(std.ok && "fileType" in std.policy).toBe(false);
    const none = plan();
    expect(none.ok && "fileType" in none.policy).toBe(false);
  });
});
