import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { redirect } from "next/navigation";
import { translate } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/messages";
import { QiniuError, QiniuInputError } from "@/lib/qiniu/errors";
import type { AuditEntry } from "@/server/audit/log";
import type { SessionUser } from "@/server/auth/session";
import { ActionFailure, isCrossSite, runAction, type ActionDefinition, type ActionEnv } from "@/server/actions/wrapper";

function env(user: SessionUser | null, locale: Locale = "en") {
  const audits: AuditEntry[] = [];
  const e: ActionEnv = {
    user: async () => user,
    translator: async () => ({ locale, t: (key, vars) => translate(locale, key, vars) }),
    ip: async () => "10.9.8.7",
    audit: async (entry) => {
      audits.push(entry);
    },
  };
  return { env: e, audits };
}

const editor: SessionUser = { id: "u-ed", email: "ed@example.test", name: "Ed", role: "editor", scopes: [{ bucket: "media", prefix: "img/" }] };
const viewer: SessionUser = { id: "u-vi", email: "vi@example.test", name: "Vi", role: "viewer", scopes: [] };

function deleteAction(handler = vi.fn(async (i: { bucket: string; key: string }) => ({ deleted: i.key }))) {
  const def: ActionDefinition<z.ZodObject<{ bucket: z.ZodString; key: z.ZodString }>, { deleted: string }> = {
    name: "objects.delete",
    input: z.object({ bucket: z.string().min(1), key: z.string().min(1) }),
    permission: "objects.delete",
    target: (i) => ({ bucket: i.bucket, key: i.key }),
    handler,
  };
  return { def, handler };
}

afterEach(() => vi.restoreAllMocks());

describe("defineAction's steps", () => {
  it("runs an allowed change and audits it with actor, target, parameters and outcome", async () => {
    const { def, handler } = deleteAction();
    const { env: e, audits } = env(editor);
    expect(await runAction(def, { bucket: "media", key: "img/a.png" }, e)).toEqual({ ok: true, data: { deleted: "img/a.png" } });
    expect(handler).toHaveBeenCalledOnce();
    expect(audits).toEqual([
      expect.objectContaining({
        actor: { id: "u-ed", email: "ed@example.test", role: "editor" },
        action: "objects.delete",
        bucket: "media",
        target: "img/a.png",
        params: { bucket: "media", key: "img/a.png" },
        outcome: "ok",
        ip: "10.9.8.7",
      }),
    ]);
  });

  it("refuses a signed-out caller before looking at the input", async () => {
    const { def, handler } = deleteAction();
    const { env: e, audits } = env(null);
    const result = await runAction(def, "garbage", e);
    expect(result).toEqual({ ok: false, error: { code: "unauthorized", message: "Your session has ended. Sign in again." } });
    expect(handler).not.toHaveBeenCalled();
    expect(audits).toEqual([]);
  });

  it("refuses a role without the permission, and records the refusal", async () => {
    const { def, handler } = deleteAction();
    const { env: e, audits } = env(viewer);
    const result = await runAction(def, { bucket: "media", key: "img/a.png" }, e);
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(handler).not.toHaveBeenCalled();
    expect(audits).toEqual([expect.objectContaining({ action: "objects.delete", outcome: "denied", errorCode: "forbidden" })]);
  });

  it("refuses a key outside the user's bucket/prefix scope", async () => {
    const { def, handler } = deleteAction();
    const { env: e, audits } = env(editor);
    const result = await runAction(def, { bucket: "media", key: "private/x" }, e);
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden", message: "You are not allowed to do this." } });
    expect(handler).not.toHaveBeenCalled();
    expect(audits[0]).toMatchObject({ outcome: "denied", bucket: "media", target: "private/x" });
  });

  it("returns field errors for invalid input, in the user's language", async () => {
    const { def, handler } = deleteAction();
    const zh = await runAction(def, { bucket: "", key: 5 }, env(editor, "zh-CN").env);
    expect(zh).toMatchObject({ ok: false, error: { code: "invalid_input", message: "输入有误，请检查标出的字段。" } });
    const fields = (zh as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields).sort()).toEqual(["bucket", "key"]);
    expect(fields.key).toMatch(/[\u4e00-\u9fff]/);
    const en = await runAction(def, null, env(editor, "en").env);
    expect(en).toMatchObject({ ok: false, error: { code: "invalid_input", message: "Some input is not valid; check the marked fields." } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("maps a Qiniu error to a short translated message that keeps the request id", async () => {
    const { def } = deleteAction(
      vi.fn(async () => Promise.reject(new QiniuError({ status: 612, reqId: "REQ-612", body: { error: "no such file or directory" } }))),
    );
    const { env: e, audits } = env(editor, "zh-CN");
    const result = await runAction(def, { bucket: "media", key: "img/gone" }, e);
    expect(result).toEqual({
      ok: false,
      error: { code: "qiniu.not_found", message: "文件不存在（612 / 404）。七牛原文：no such file or directory", reqId: "REQ-612" },
    });
    expect(audits[0]).toMatchObject({ outcome: "error", errorCode: "qiniu.not_found", reqId: "REQ-612" });
  });

  it("maps input errors found by the Qiniu library to invalid_input", async () => {
    const { def } = deleteAction(vi.fn(async () => Promise.reject(new QiniuInputError("key is longer than 750 bytes", "key"))));
    const result = await runAction(def, { bucket: "media", key: "img/x" }, env(editor).env);
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { key: "key is longer than 750 bytes" } } });
  });

  it("never shows an unexpected error's message or stack: logs it with a reference instead", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { def } = deleteAction(vi.fn(async () => Promise.reject(new Error("ECONNREFUSED /var/lib/secret/path"))));
    const result = await runAction(def, { bucket: "media", key: "img/x" }, env(editor).env);
    expect(result.ok).toBe(false);
    const error = (result as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("internal");
    expect(error.message).not.toMatch(/ECONNREFUSED|secret|at /);
    const ref = /reference ([0-9a-f]{8})/.exec(error.message)?.[1];
    expect(ref).toBeDefined();
    expect(log).toHaveBeenCalledWith(expect.stringContaining(ref!), expect.any(Error));
  });

  it("shows a handler's deliberate failure with its translated message", async () => {
    const { def } = deleteAction(vi.fn(async () => Promise.reject(new ActionFailure("last_admin", "auth.users.lastAdmin"))));
    const result = await runAction(def, { bucket: "media", key: "img/x" }, env(editor).env);
    expect(result).toEqual({ ok: false, error: { code: "last_admin", message: "At least one enabled admin must remain.", fields: undefined } });
  });

  it("lets Next's redirect() through instead of reporting it as a failure", async () => {
    const { def } = deleteAction(vi.fn(async () => redirect("/login")));
    await expect(runAction(def, { bucket: "media", key: "img/x" }, env(editor).env)).rejects.toThrow(/NEXT_REDIRECT/);
  });

  it("does not audit reads, and lets a custom audit function choose what is recorded", async () => {
    const read = { ...deleteAction().def, name: "objects.stat", permission: "objects.read" as const, audit: false as const };
    const a = env(viewer);
    expect((await runAction(read, { bucket: "b", key: "k" }, a.env)).ok).toBe(true);
    expect(a.audits).toEqual([]);

    const custom = {
      ...deleteAction().def,
      audit: (_i: unknown, data: { deleted: string } | undefined) => ({ target: `custom:${data?.deleted}`, params: { n: 1 } }),
    };
    const b = env(editor);
    await runAction(custom, { bucket: "media", key: "img/q" }, b.env);
    expect(b.audits[0]).toMatchObject({ target: "custom:img/q", params: { n: 1 }, bucket: "media" });
  });

  it("allows 'signed-in' actions to every role", async () => {
    const def = { name: "account.ping", input: z.object({}), permission: "signed-in" as const, handler: async () => "pong" };
    expect(await runAction(def, {}, env(viewer).env)).toEqual({ ok: true, data: "pong" });
  });

  it("still answers when the audit store fails, and says so in the server log", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { def } = deleteAction();
    const e = env(editor).env;
    e.audit = async () => Promise.reject(new Error("db down"));
    expect((await runAction(def, { bucket: "media", key: "img/a" }, e)).ok).toBe(true);
    expect(log).toHaveBeenCalledWith(expect.stringContaining("[audit] could not record objects.delete"), expect.any(Error), expect.anything());
  });
});

describe("route handlers refuse cross-site changes", () => {
  const req = (method: string, headers: Record<string, string>) => new Request("http://console.test/api/x", { method, headers });
  it("refuses another site's Origin or Sec-Fetch-Site on changing methods", () => {
    expect(isCrossSite(req("POST", { host: "console.test", origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSite(req("DELETE", { host: "console.test", "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSite(req("POST", { host: "console.test", origin: "null" }))).toBe(true);
  });
  it("allows same-origin changes, reads, and non-browser clients", () => {
    expect(isCrossSite(req("POST", { host: "console.test", origin: "http://console.test" }))).toBe(false);
    expect(isCrossSite(req("POST", { host: "internal:3000", "x-forwarded-host": "console.test", origin: "https://console.test" }))).toBe(false);
    expect(isCrossSite(req("GET", { host: "console.test", origin: "https://evil.example" }))).toBe(false);
    expect(isCrossSite(req("POST", { host: "console.test" }))).toBe(false);
  });
  it("answers another site's reads only as a followed link (top-level navigation)", () => {
    const other = { host: "console.test", "sec-fetch-site": "cross-site" };
    expect(isCrossSite(req("GET", { ...other, "sec-fetch-mode": "cors" }))).toBe(true);
    expect(isCrossSite(req("GET", { ...other, "sec-fetch-mode": "no-cors" }))).toBe(true);
    expect(isCrossSite(req("HEAD", other))).toBe(true);
    expect(isCrossSite(req("GET", { ...other, "sec-fetch-mode": "navigate" }))).toBe(false);
    expect(isCrossSite(req("GET", { host: "console.test", "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" }))).toBe(false);
  });
});
