import { describe, expect, it } from "vitest";
import { planUpload, tokenLifetimeSeconds, TOKEN_BASE_SECONDS, TOKEN_MAX_SECONDS, type Uploader } from "@/lib/upload/plan";
import { ROLE_UPLOAD_LIMITS, checkLimits, mimeAllowed } from "@/lib/upload/limits";
import { decodeEntry } from "@/lib/qiniu/entry";

const admin: Uploader = { id: "u-admin", email: "admin@x.test", role: "admin", scopes: [] };
const scopedEditor: Uploader = { id: "u-ed", email: "ed@x.test", role: "editor", scopes: [{ bucket: "media", prefix: "team-a/" }] };
const viewer: Uploader = { id: "u-v", email: "v@x.test", role: "viewer", scopes: [] };
const target = { bucket: "media", prefix: "team-a/", overwrite: false, batchId: "b1" };
const ctx = (role: keyof typeof ROLE_UPLOAD_LIMITS, callback = true) => ({
  limits: ROLE_UPLOAD_LIMITS[role],
  callbackUrl: callback ? "https://console.example.com/api/qiniu/callback" : undefined,
  persistentNotifyUrl: callback ? "https://console.example.com/api/qiniu/pfop-notify" : undefined,
});
const png = { relativePath: "dir/a.png", size: 1000, mimeType: "image/png" };

describe("upload token plan", () => {
  it("scopes each token to exactly one key under the prefix, insert-only, with the user as endUser", () => {
    const plan = planUpload(scopedEditor, target, png, ctx("editor"));
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.key).toBe("team-a/dir/a.png");
    expect(plan.policy.scope).toBe("media:team-a/dir/a.png");
    expect(plan.policy.isPrefixalScope).toBeUndefined();
    expect(plan.policy.insertOnly).toBe(1);
    expect(plan.policy.endUser).toBe("u-ed");
    expect(plan.policy.fsizeLimit).toBe(ROLE_UPLOAD_LIMITS.editor.maxFileBytes);
    expect(plan.policy.mimeLimit).toBe(ROLE_UPLOAD_LIMITS.editor.mimeLimit);
    expect(plan.policy.callbackUrl).toBe("https://console.example.com/api/qiniu/callback");
    expect(plan.policy.callbackBodyType).toBe("application/x-www-form-urlencoded");
    expect(plan.policy.callbackBody).toContain("key=$(key)&hash=$(etag)&fsize=$(fsize)&mimeType=$(mimeType)&bucket=$(bucket)&endUser=$(endUser)");
    expect(plan.policy.callbackBody).toContain("$(x:relativePath)");
    expect(plan.policy.callbackBody).toContain("batch=b1");
    expect(plan.policy.returnBody).toBeUndefined();
  });

  it("refuses keys outside the user's scope before signing anything", () => {
    expect(planUpload(scopedEditor, { ...target, prefix: "team-b/" }, png, ctx("editor"))).toEqual({
      ok: false,
      problem: "outOfScope",
      key: "team-b/dir/a.png",
    });
    expect(planUpload(scopedEditor, { ...target, bucket: "other" }, png, ctx("editor"))).toMatchObject({ ok: false, problem: "outOfScope" });
    // A prefix that only looks like the scope: "team-a-evil/" does not start with "team-a/".
    expect(planUpload(scopedEditor, { ...target, prefix: "team-a-evil" }, png, ctx("editor"))).toMatchObject({ ok: false, problem: "outOfScope" });
    expect(planUpload(scopedEditor, target, { ...png, relativePath: "../team-b/a.png" }, ctx("editor"))).toEqual({ ok: false, problem: "parentSegment" });
    expect(planUpload(viewer, target, png, ctx("viewer"))).toMatchObject({ ok: false, problem: "outOfScope" });
  });

  it("applies the role's size and type limits", () => {
    expect(planUpload(scopedEditor, target, { ...png, size: ROLE_UPLOAD_LIMITS.editor.maxFileBytes + 1 }, ctx("editor"))).toMatchObject({
      ok: false,
      problem: "tooLarge",
    });
    expect(planUpload(scopedEditor, target, { ...png, relativePath: "x.exe", mimeType: "application/x-msdownload" }, ctx("editor"))).toMatchObject({
      ok: false,
      problem: "mimeNotAllowed",
    });
    const exe = planUpload(admin, target, { ...png, relativePath: "x.exe", mimeType: "application/x-msdownload" }, ctx("admin"));
    expect(exe.ok).toBe(true);
    if (exe.ok) expect(exe.policy.mimeLimit).toBeUndefined();
    expect(checkLimits(ROLE_UPLOAD_LIMITS.editor, { size: 1, mimeType: "" })).toBeNull(); // unknown = octet-stream
    expect(mimeAllowed("image/*;video/mp4", "IMAGE/PNG")).toBe(true);
    expect(mimeAllowed("image/*;video/mp4", "video/webm")).toBe(false);
  });

  it("allows overwrite only when asked for and the user may delete the key", () => {
    const asked = { ...target, overwrite: true };
    const ed = planUpload(scopedEditor, asked, png, ctx("editor"));
    expect(ed).toMatchObject({ ok: true, overwrite: true, overwriteDenied: false, policy: { insertOnly: 0 } });
    const ops: Uploader = { id: "u-ops", email: "o@x.test", role: "ops", scopes: [] };
    // ops may not upload at all.
    expect(planUpload(ops, asked, png, ctx("ops"))).toMatchObject({ ok: false, problem: "outOfScope" });
  });

  it("uploads without callback when the console cannot be reached, returning the fields to the browser", () => {
    const plan = planUpload(scopedEditor, target, png, ctx("editor", false));
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.policy.callbackUrl).toBeUndefined();
    expect(plan.policy.callbackBody).toBeUndefined();
    expect(JSON.parse(plan.policy.returnBody!.replace("$(fsize)", "1"))).toMatchObject({ key: "$(key)", hash: "$(etag)" });
  });

  it("adds a processing preset only to the files it applies to, saving next to the source", () => {
    const withPreset = { ...target, preset: "thumbnail" as const };
    const img = planUpload(scopedEditor, withPreset, png, ctx("editor"));
    expect(img.ok && img.presetOutput).toBe("team-a/dir/a.png-thumb320.webp");
    if (!img.ok) return;
    const [fop, saveas] = img.policy.persistentOps!.split("|saveas/");
    expect(fop).toBe("imageView2/2/w/320/h/320/format/webp/q/80");
    expect(decodeEntry(saveas)).toEqual({ bucket: "media", key: "team-a/dir/a.png-thumb320.webp" });
    expect(img.policy.persistentNotifyUrl).toBe("https://console.example.com/api/qiniu/pfop-notify");
    const txt = planUpload(scopedEditor, withPreset, { ...png, relativePath: "a.txt", mimeType: "text/plain" }, ctx("editor"));
    expect(txt.ok && txt.policy.persistentOps).toBeUndefined();
  });

  it("gives short-lived tokens that grow with the file size, capped", () => {
    expect(tokenLifetimeSeconds(0)).toBe(TOKEN_BASE_SECONDS);
    expect(tokenLifetimeSeconds(200 * 1024 * 1024)).toBe(TOKEN_BASE_SECONDS + 200);
    expect(tokenLifetimeSeconds(1024 ** 4)).toBe(TOKEN_MAX_SECONDS);
  });
});
