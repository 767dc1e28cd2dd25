"use client";

import { useState } from "react";
import { useFormat, useT } from "@/components/i18n-provider";
import { formatScopes, parseScopes, type Role } from "@/lib/permissions";
import { resetUserPassword, setUserDisabled, updateUserAccess } from "@/server/actions/users";
import type { UserView } from "@/lib/users/user-view";
import { ConfirmDialog } from "@/components/ui/modal";
import { buttonClass } from "@/components/ui/field-styles";
import { RoleFields } from "./role-fields";
import { LocalTime } from "@/components/ui/local-time";
import { UserSecurityActions } from "./user-security-actions";

export function UserRow({
  user,
  isMe,
  onDone,
  onPassword,
}: {
  user: UserView;
  isMe: boolean;
  onDone: (message: string, isError?: boolean) => void;
  onPassword: (email: string, password: string) => void;
}) {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState<Role>(user.role);
  const [scopes, setScopes] = useState(formatScopes(user.scopes));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState<"disable" | "reset" | null>(null);

  async function run<T>(
    call: () => Promise<{ ok: true; data: T } | { ok: false; error: { message: string; fields?: Record<string, string> } }>,
    after?: (data: T) => void,
  ) {
    setPending(true);
    const result = await call();
    setPending(false);
    if (!result.ok) {
      setFields(result.error.fields ?? {});
      onDone(result.error.message, true);
      return;
    }
    setFields({});
    after?.(result.data);
  }

  const lastLogin = user.lastLoginAt ? <LocalTime date={user.lastLoginAt} zone /> : t("auth.users.never");
  return (
    <tr className="border-t border-slate-200 align-top dark:border-slate-800" data-testid={`user-row-${user.email}`}>
      <td className="px-3 py-2">
        <div className="font-medium">
          {user.email} {isMe && <span className="text-xs text-slate-500">{t("auth.users.you")}</span>}
        </div>
        {user.name && <div className="text-xs text-slate-500">{user.name}</div>}
      </td>
      <td className="px-3 py-2" colSpan={editing ? 2 : 1}>
        {editing ? (
          <div className="min-w-64 space-y-2">
            <RoleFields role={role} scopes={scopes} onRole={setRole} onScopes={setScopes} errors={fields} idPrefix="edit" />
            <div className="flex gap-2">
              <button
                type="button"
                className={buttonClass}
                disabled={pending}
                data-testid="save-access"
                onClick={() =>
                  run(
                    () => updateUserAccess({ id: user.id, role, scopes: parseScopes(scopes) }),
                    () => {
                      setEditing(false);
                      onDone(t("auth.users.saved"));
                    },
                  )
                }
              >
                {t("auth.users.save")}
              </button>
              <button type="button" className={buttonClass} onClick={() => setEditing(false)}>
                {t("common.cancel")}
              </button>
            </div>
          </div>
        ) : (
          <span data-testid="user-role">{t(`auth.roles.${user.role}`)}</span>
        )}
      </td>
      {!editing && (
        <td className="px-3 py-2 font-mono text-xs" data-testid="user-scopes">
          {user.role === "admin" || user.scopes.length === 0
            ? t("auth.users.allBuckets")
            : user.scopes.map((s) => (
                <div key={`${s.bucket}/${s.prefix}`}>
                  {formatScopes([s])}
                  {user.missingBuckets.includes(s.bucket) && (
                    <span className="ml-1 font-sans text-red-600" data-testid="scope-missing">
                      {t("auth.users.missingBucket")}
                    </span>
                  )}
                </div>
              ))}
        </td>
      )}
      <td className="px-3 py-2" data-testid="user-status">
        {user.disabled ? <span className="text-red-600">{t("auth.users.disabled")}</span> : t("auth.users.active")}
        {user.throttledUntil && (
          <div className="text-xs text-amber-700 dark:text-amber-400" data-testid="user-throttled" suppressHydrationWarning>
            {t("auth.users.throttled", { time: `${f.date(user.throttledUntil, "time")} ${f.zoneLabel(new Date(user.throttledUntil))}` })}
          </div>
        )}
        {user.failures > 0 && <div className="text-xs text-slate-500">{t("auth.users.failures", { count: user.failures })}</div>}
        {user.twoFactor && (
          <div className="text-xs text-green-700 dark:text-green-400" data-testid="user-2fa">
            {t("auth.users.twoFactor")}
          </div>
        )}
      </td>
      {/* Local time: the server renders its own time zone first, the browser then shows the user's. */}
      <td className="px-3 py-2 text-xs text-slate-500" suppressHydrationWarning>
        {lastLogin}
      </td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap gap-1">
          {!editing && !isMe && (
            <button
              type="button"
              className={buttonClass}
              onClick={() => {
                setRole(user.role);
                setScopes(formatScopes(user.scopes));
                setEditing(true);
              }}
              data-testid="edit-user"
            >
              {t("auth.users.edit")}
            </button>
          )}
          {!isMe && (
            <button
              type="button"
              className={buttonClass}
              disabled={pending}
              data-testid="toggle-disabled"
              onClick={() => {
                if (!user.disabled) setConfirming("disable");
                else
                  void run(
                    () => setUserDisabled({ id: user.id, disabled: false }),
                    () => onDone(t("auth.users.saved")),
                  );
              }}
            >
              {user.disabled ? t("auth.users.enable") : t("auth.users.disable")}
            </button>
          )}
          {user.hasPassword && (
            <button type="button" className={buttonClass} disabled={pending} data-testid="reset-password" onClick={() => setConfirming("reset")}>
              {t("auth.users.resetPassword")}
            </button>
          )}
          <UserSecurityActions user={user} onDone={onDone} />
        </div>
        {confirming && (
          <ConfirmDialog
            title={confirming === "disable" ? t("auth.users.disable") : t("auth.users.resetPassword")}
            body={t(confirming === "disable" ? "auth.users.confirmDisable" : "auth.users.confirmReset", { email: user.email })}
            pending={pending}
            onClose={() => setConfirming(null)}
            onConfirm={() => {
              setConfirming(null);
              if (confirming === "disable")
                void run(
                  () => setUserDisabled({ id: user.id, disabled: true }),
                  () => onDone(t("auth.users.saved")),
                );
              else
                void run(
                  () => resetUserPassword({ id: user.id }),
                  (data) => data.generatedPassword && onPassword(user.email, data.generatedPassword),
                );
            }}
          />
        )}
      </td>
    </tr>
  );
}
