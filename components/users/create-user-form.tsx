"use client";

import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { parseScopes, type Role } from "@/lib/permissions";
import { createUser } from "@/server/actions/users";
import { Field } from "@/components/ui/field";
import { buttonClass, inputClass, primaryClass } from "@/components/ui/field-styles";
import { RoleFields } from "./role-fields";

const MIN_PASSWORD = 10;

export function CreateUserForm({ onCreated }: { onCreated: (email: string, generatedPassword?: string) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>("viewer");
  const [scopes, setScopes] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className={primaryClass} data-testid="new-user">
        {t("auth.users.create")}
      </button>
    );
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password") ?? "");
    setPending(true);
    const result = await createUser({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role,
      scopes: parseScopes(scopes),
      password: password || undefined,
    });
    setPending(false);
    if (!result.ok) {
      setError(result.error.message);
      setFields(result.error.fields ?? {});
      return;
    }
    setOpen(false);
    setRole("viewer");
    setScopes("");
    setError(undefined);
    setFields({});
    onCreated(result.data.user.email, result.data.generatedPassword);
  }

  return (
    <form
      onSubmit={onSubmit}
      className="grid max-w-2xl gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 sm:grid-cols-2"
      data-testid="create-user-form"
    >
      <h2 className="font-medium sm:col-span-2">{t("auth.users.create")}</h2>
      <Field label={t("auth.users.email")} error={fields.email}>
        {(control) => <input name="email" required autoComplete="off" className={inputClass} data-testid="new-email" {...control} />}
      </Field>
      <Field label={t("auth.users.name")}>
        {(control) => <input name="name" autoComplete="off" className={inputClass} data-testid="new-name" {...control} />}
      </Field>
      <RoleFields role={role} scopes={scopes} onRole={setRole} onScopes={setScopes} errors={fields} idPrefix="new" />
      <label className="block text-sm font-medium sm:col-span-2">
        {t("auth.users.password")}
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD}
          className={inputClass}
          aria-invalid={Boolean(fields.password)}
          data-testid="new-password"
        />
        <span className="mt-1 block text-xs font-normal text-slate-500">{t("auth.users.passwordHint", { min: MIN_PASSWORD })}</span>
        {fields.password && <span className="mt-1 block text-xs text-red-600">{fields.password}</span>}
      </label>
      {error && (
        <p role="status" className="text-sm text-red-600 sm:col-span-2" data-testid="create-user-error">
          {error}
        </p>
      )}
      <div className="flex gap-2 sm:col-span-2">
        <button type="submit" disabled={pending} className={primaryClass} data-testid="create-user-submit">
          {t("auth.users.create")}
        </button>
        <button type="button" onClick={() => setOpen(false)} className={buttonClass}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
