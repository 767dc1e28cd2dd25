"use client";

import { useT } from "@/components/i18n-provider";

/** A generated password, shown once to the admin who must hand it over. */
export function OneTimePassword({ email, password, onClose }: { email: string; password: string; onClose: () => void }) {
  const t = useT();
  return (
    <div
      role="status"
      data-testid="one-time-password"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/40"
    >
      <p>{t("auth.users.generatedPassword", { email })}</p>
      <p className="mt-1 flex items-center gap-3">
        <code className="select-all rounded bg-white px-2 py-1 font-mono text-base dark:bg-slate-900" data-testid="generated-password">
          {password}
        </code>
        <button type="button" onClick={onClose} className="text-xs underline">
          {t("common.close")}
        </button>
      </p>
    </div>
  );
}
