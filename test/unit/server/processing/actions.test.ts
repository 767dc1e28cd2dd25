// The processing actions through the real wrapper (runAction): role, bucket/prefix scope of the source and of every
// output, fop validation with translated reasons, and the audit records of refusals. (Successful submissions against
// a real engine are covered in service.test.ts.)
import { describe, expect, it } from "vitest";
import { translate } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/messages";
import { encodedEntry } from "@/lib/qiniu/entry";
import { runAction, type ActionEnv } from "@/server/actions/wrapper";
import type { AuditEntry } from "@/server/audit/log";
import type { SessionUser } from "@/server/auth/session";
import { submitPfopDef } from "@/server/processing/action-defs";

function env(user: SessionUser, locale: Locale = "en") {
  const audits: AuditEntry[] = [];
  const e: ActionEnv = {
    user: async () => user,
    translator: async () => ({ locale, t: (key, vars) => translate(locale, key, vars) }),
    ip: async () => null,
    audit: async (entry) => {
      audits.push(entry);
    },
  };
  return { env: e, audits };
}

const scopedEditor: SessionUser = { id: "u1", email: "ed@example.test", name: "Ed", role: "editor", scopes: [{ bucket: "media", prefix: "team/" }] };
const viewer: SessionUser = { id: "u2", email: "vi@example.test", name: "Vi", role: "viewer", scopes: [] };
const admin: SessionUser = { id: "u3", email: "ad@example.test", name: "Ad", role: "admin", scopes: [] };

describe("submitPfop", () => {
  it("refuses viewers", async () => {
    const { env: e, audits } = env(viewer);
    const r = await runAction(submitPfopDef, { bucket: "media", key: "a.mp4", presets: ["frame"] }, e);
    expect(r).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(audits[0]).toMatchObject({ action: "pfop.submit", outcome: "denied" });
  });

  it("refuses a scoped user whose output would land outside their prefix", async () => {
    const { env: e, audits } = env(scopedEditor);
    const outside = `imageView2/2/w/10|saveas/${encodedEntry("media", "elsewhere/x.png")}`;
    expect(await runAction(submitPfopDef, { bucket: "media", key: "team/a.png", fops: outside }, e)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // without saveas Qiniu picks the key anywhere in the bucket: that needs the whole bucket
    expect(await runAction(submitPfopDef, { bucket: "media", key: "team/a.png", fops: "imageView2/2/w/10" }, e)).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    // and the source itself must be in scope
    expect(await runAction(submitPfopDef, { bucket: "media", key: "other/a.png", presets: ["thumbnail"] }, e)).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(audits.map((a) => a.outcome)).toEqual(["denied", "denied", "denied"]);
  });

  it("explains an invalid command in the user's language, naming its position", async () => {
    const { env: e, audits } = env(admin, "zh-CN");
    const r = await runAction(submitPfopDef, { bucket: "media", key: "a.png", presets: ["thumbnail"], fops: "imageView2/2/w/abc" }, e);
    expect(r).toEqual({
      ok: false,
      error: {
        code: "invalid_fop",
        message: "第 2 条指令无效：imageView2：参数 w 的值 “abc” 无效（应为 1-9999）",
        fields: { fops: "第 2 条指令无效：imageView2：参数 w 的值 “abc” 无效（应为 1-9999）" },
      },
    });
    expect(audits[0]).toMatchObject({ action: "pfop.submit", outcome: "error", errorCode: "invalid_fop", bucket: "media", target: "a.png" });
  });

  it("needs at least one preset or command", async () => {
    const { env: e } = env(admin);
    expect(await runAction(submitPfopDef, { bucket: "media", key: "a.png", fops: " \n ; " }, e)).toMatchObject({
      ok: false,
      error: { code: "no_fops", message: "Choose at least one preset or enter a command" },
    });
  });

  it("rejects malformed input before anything else", async () => {
    const { env: e } = env(admin);
    expect(await runAction(submitPfopDef, { bucket: "media", key: "a.png", presets: ["nope"] }, e)).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
    expect(await runAction(submitPfopDef, { bucket: "media", key: "a.png", fops: "avinfo", pipeline: "bad pipe!" }, e)).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
  });
});
