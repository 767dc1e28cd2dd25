"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { loginErrorMessage } from "./login-error";

const input = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950 focus:border-brand-500";

export function LoginForm({ callbackUrl, initialError, ssoName }: { callbackUrl: string; initialError?: string; ssoName?: string }) {
  const t = useT();
  const router = useRouter();
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, setPending] = useState(false);
  // After a right password for an account with two-step verification: the second step, which sends both again.
  const [firstStep, setFirstStep] = useState<{ email: string; password: string }>();

  async function submit(credentials: { email: string; password: string; otp?: string }) {
    setPending(true);
    setError(undefined);
    try {
      const result = await signIn("credentials", { redirect: false, ...credentials, callbackUrl });
      if (result?.ok && !result.error) {
        router.replace(callbackUrl);
        router.refresh();
        return;
      }
      if (result?.error === "TotpRequired") setFirstStep({ email: credentials.email, password: credentials.password });
      else setError(result?.error ?? "unknown");
    } catch {
      setError("unknown");
    }
    setPending(false);
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    void submit({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
  }

  function onCode(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (firstStep) void submit({ ...firstStep, otp: String(form.get("otp") ?? "") });
  }

  const message = error ? loginErrorMessage(error) : undefined;
  const errorLine = message && (
    <p
      role="status"
      aria-live="polite"
      data-testid="login-error"
      className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300"
    >
      {t(message.key, message.vars)}
    </p>
  );
  if (firstStep) {
    return (
      <form onSubmit={onCode} className="mt-5 space-y-4" data-testid="totp-form">
        <div>
          <h2 className="font-medium">{t("auth.login.totpTitle")}</h2>
          <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">{t("auth.login.totpPrompt")}</p>
        </div>
        <label className="block text-sm font-medium">
          {t("auth.login.totpCode")}
          <input
            name="otp"
            type="text"
            inputMode="text"
            autoComplete="one-time-code"
            required
            autoFocus
            maxLength={64}
            className={input}
            data-testid="login-otp"
          />
        </label>
        {errorLine}
        <div className="flex gap-2">
          <button
            type="submit"
            disabled={pending}
            data-testid="login-otp-submit"
            className="flex-1 rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
          >
            {pending ? t("auth.login.submitting") : t("auth.login.verify")}
          </button>
          <button type="button" onClick={() => setFirstStep(undefined)} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">
            {t("auth.login.back")}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="mt-5 space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" data-testid="login-form">
        <label className="block text-sm font-medium">
          {t("auth.login.email")}
          <input name="email" type="text" inputMode="email" autoComplete="username" required autoFocus className={input} data-testid="login-email" />
        </label>
        <label className="block text-sm font-medium">
          {t("auth.login.password")}
          <input name="password" type="password" autoComplete="current-password" required className={input} data-testid="login-password" />
        </label>
        {errorLine}
        <button
          type="submit"
          disabled={pending}
          data-testid="login-submit"
          className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? t("auth.login.submitting") : t("auth.login.submit")}
        </button>
      </form>
      {ssoName && (
        <>
          <div className="flex items-center gap-2 text-xs text-slate-400">
            <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
            {t("auth.login.or")}
            <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
          </div>
          <button
            type="button"
            data-testid="login-sso"
            onClick={() => signIn("oidc", { callbackUrl })}
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {t("auth.login.sso", { name: ssoName })}
          </button>
        </>
      )}
    </div>
  );
}
