"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { ROLES, type Role } from "@/lib/permissions";
import { saveSecuritySettings } from "@/server/actions/users";
import type { AuthSettings } from "@/server/auth/auth-settings";
import { inputClass, primaryClass } from "@/components/ui/field-styles";

/** Admin settings: which roles must use two-step verification, and the idle timeout. */
export function SecuritySettingsForm({
  settings,
  defaultIdleMinutes,
  sessionHours,
}: {
  settings: AuthSettings;
  defaultIdleMinutes: number;
  sessionHours: number;
}) {
  const t = useT();
  const router = useRouter();
  const [roles, setRoles] = useState<Role[]>(settings.require2faRoles);
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const idle = String(new FormData(e.currentTarget).get("idleMinutes") ?? "").trim();
    setPending(true);
    const result = await saveSecuritySettings({ require2faRoles: roles, idleMinutes: idle === "" ? null : Number(idle) });
    setPending(false);
    if (!result.ok) return setMessage({ text: result.error.message, error: true });
    setMessage({ text: t("auth.users.saved") });
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      className="max-w-2xl space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid="security-settings"
    >
      <h2 className="font-medium">{t("auth.users.security")}</h2>
      <fieldset>
        <legend className="text-sm font-medium">{t("auth.users.require2fa")}</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {ROLES.map((r) => (
            <label key={r} className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
                data-testid={`require-2fa-${r}`}
              />
              {t(`auth.roles.${r}`)}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">{t("auth.users.require2faHint")}</p>
      </fieldset>
      <label className="block max-w-xs text-sm font-medium">
        {t("auth.users.idleMinutes")}
        <input
          name="idleMinutes"
          type="number"
          min={0.1}
          max={1440}
          step="any"
          defaultValue={settings.idleMinutes ?? ""}
          placeholder={String(defaultIdleMinutes)}
          className={inputClass}
          data-testid="idle-minutes"
        />
        <span className="mt-1 block text-xs font-normal text-slate-500">{t("auth.users.idleHint", { minutes: defaultIdleMinutes, hours: sessionHours })}</span>
      </label>
      <button type="submit" disabled={pending} className={primaryClass} data-testid="save-security">
        {t("auth.users.saveSettings")}
      </button>
      {message && (
        <p role="status" className={message.error ? "text-sm text-red-600" : "text-sm text-green-700 dark:text-green-400"} data-testid="security-notice">
          {message.text}
        </p>
      )}
    </form>
  );
}
