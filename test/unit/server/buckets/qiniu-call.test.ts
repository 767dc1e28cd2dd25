// Bucket management shows Qiniu's own refusal text and request id beside the translation (the wrapper, lib/i18n/codes.ts),
// and keeps the wrapper's translated messages for failures Qiniu did not explain.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { translate } from "@/lib/i18n/translate";
import { QiniuError } from "@/lib/qiniu/errors";
import type { AuditEntry } from "@/server/audit/log";
import { runAction, type ActionEnv } from "@/server/actions/wrapper";

function env() {
  const audits: AuditEntry[] = [];
  const e: ActionEnv = {
    user: async () => ({ id: "u-ad", email: "ad@example.test", name: "Ad", role: "admin", scopes: [] }),
    translator: async () => ({ locale: "en", t: (key, vars) => translate("en", key, vars) }),
    ip: async () => null,
    audit: async (entry) => void audits.push(entry),
  };
  return { e, audits };
}

const failing = (err: unknown) => ({
  name: "bucketAdmin.test",
  input: z.object({ bucket: z.string() }),
  permission: "buckets.manage" as const,
  target: (i: { bucket: string }) => ({ bucket: i.bucket }),
  handler: async (): Promise<never> => {
    throw err;
  },
});

describe("Qiniu's refusals reach the admin", () => {
  it("with Qiniu's message and reqId, in the answer and the audit record", async () => {
    const { e, audits } = env();
    const err = new QiniuError({ status: 614, reqId: "req-614", body: { error: "rule logs already exists" }, message: "rule logs already exists" });
    const r = await runAction(failing(err), { bucket: "b" }, e);
    expect(r).toEqual({
      ok: false,
      error: { code: "qiniu.file_exists", message: "The target file already exists (614). Qiniu said: rule logs already exists", reqId: "req-614" },
    });
    expect(audits[0]).toMatchObject({ action: "bucketAdmin.test", bucket: "b", outcome: "error", reqId: "req-614", errorCode: "qiniu.file_exists" });
  });

  it("but network failures, 5xx and refused keys keep the wrapper's messages", async () => {
    for (const err of [
      new QiniuError({ status: 0, code: "network", message: "cannot reach uc: ECONNREFUSED 10.0.0.1" }),
      new QiniuError({ status: 599, reqId: "r5", message: "internal detail" }),
      new QiniuError({ status: 401, reqId: "r4", message: "bad token" }),
    ]) {
      const r = await runAction(failing(err), { bucket: "b" }, env().e);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).not.toContain(err.message);
    }
  });
});
