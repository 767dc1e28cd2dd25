"use client";

import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { changeOwnPassword } from "@/server/actions/users";

const input = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950";

export function ChangePasswordForm() {
  const t = useT();
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== form.get("confirmPassword")) {
      setFields({ confirmPassword: t("auth.account.mismatch") });
      return;
    }
    setPending(true);
    setError(undefined);
    setFields({});
    const result = await changeOwnPassword({ currentPassword, newPassword });
    if (result.ok) {
      // The change ended every session of this account; sign in again with the new password.
      await signOut({ callbackUrl: "/login?notice=password-changed" });
      return;
    }
    setError(result.error.message);
    setFields(result.error.fields ?? {});
    setPending(false);
  }

  const field = (name: string, label: string, autoComplete: string) => (
    <label className="block text-sm font-medium">
      {label}
      <input
        name={name}
        type="password"
        required
        autoComplete={autoComplete}
        className={input}
        data-testid={`pw-${name}`}
        aria-invalid={Boolean(fields[name])}
      />
      {fields[name] && <span className="mt-1 block text-xs text-red-600">{fields[name]}</span>}
    </label>
  );

  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="change-password-form">
      {field("currentPassword", t("auth.account.current"), "current-password")}
      {field("newPassword", t("auth.account.next"), "new-password")}
      {field("confirmPassword", t("auth.account.confirm"), "new-password")}
      {error && (
        <p role="status" className="text-sm text-red-600" data-testid="pw-error">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {t("auth.account.submit")}
      </button>
    </form>
  );
}
