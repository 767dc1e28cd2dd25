"use client";

import { useT } from "@/components/i18n-provider";

/** Recovery codes, shown once after enrolment (or regeneration). */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useT();
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950/40" data-testid="recovery-codes">
      <h3 className="font-medium">{t("auth.twoFactor.recoveryTitle")}</h3>
      <p className="text-sm">{t("auth.twoFactor.recoveryHint")}</p>
      <ul className="grid grid-cols-2 gap-1 font-mono text-sm">
        {codes.map((c) => (
          <li key={c} data-testid="recovery-code">
            {c}
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={onDone}
        data-testid="recovery-done"
        className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
      >
        {t("auth.twoFactor.done")}
      </button>
    </div>
  );
}
