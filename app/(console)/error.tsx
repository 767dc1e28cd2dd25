"use client";

import { useT } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";

// Never shows the error's message or stack: those may hold internal details. The digest lets an admin find it in the server log.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT();
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950/40" data-testid="error-state">
      <h1 className="text-lg font-semibold text-red-800 dark:text-red-200">{t("common.errorTitle")}</h1>
      <p className="mt-2 text-sm text-red-700 dark:text-red-300">{t("common.errorBody")}</p>
      {error.digest && <p className="mt-2 font-mono text-xs text-red-700 dark:text-red-300">ref: {error.digest}</p>}
      <Button variant="danger" onClick={reset} className="mt-4">
        {t("common.retry")}
      </Button>
    </div>
  );
}
