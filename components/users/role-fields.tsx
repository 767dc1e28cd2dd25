"use client";

import { useT } from "@/components/i18n-provider";
import { ROLES, type Role } from "@/lib/permissions";
import { inputClass } from "@/components/ui/field-styles";

/** Role select + bucket-scope text, shared by the create form and the edit row. */
export function RoleFields({
  role,
  scopes,
  onRole,
  onScopes,
  errors,
  idPrefix,
}: {
  role: Role;
  scopes: string;
  onRole: (r: Role) => void;
  onScopes: (s: string) => void;
  errors?: Record<string, string>;
  idPrefix: string;
}) {
  const t = useT();
  const scopeError = errors && Object.entries(errors).find(([k]) => k.startsWith("scopes"))?.[1];
  return (
    <>
      <label className="block text-sm font-medium">
        {t("auth.users.role")}
        <select value={role} onChange={(e) => onRole(e.target.value as Role)} className={inputClass} data-testid={`${idPrefix}-role`}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`auth.roles.${r}`)} — {t(`auth.roleHints.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm font-medium">
        {t("auth.users.scopes")}
        <textarea
          value={role === "admin" ? "" : scopes}
          disabled={role === "admin"}
          onChange={(e) => onScopes(e.target.value)}
          rows={3}
          placeholder={role === "admin" ? t("auth.users.allBuckets") : "media/images/\ndocs"}
          className={`${inputClass} font-mono`}
          aria-invalid={Boolean(scopeError)}
          data-testid={`${idPrefix}-scopes`}
        />
        <span className="mt-1 block text-xs font-normal text-slate-500">{t("auth.users.scopesHint")}</span>
        {scopeError && <span className="mt-1 block text-xs text-red-600">{scopeError}</span>}
      </label>
    </>
  );
}
