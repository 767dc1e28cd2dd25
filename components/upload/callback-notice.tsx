"use client";

import { useT } from "@/components/i18n-provider";
import type { CallbackReachability } from "@/lib/upload/callback-reachability";

/** Says whether uploads call the console back, and if not, why and what to change. */
export function CallbackNotice({ callback, publicUrl }: { callback: CallbackReachability; publicUrl: string }) {
  const t = useT();
  if (callback.reachable) {
    return (
      <p data-testid="callback-on" className="text-sm text-slate-600 dark:text-slate-400">
        {t("upload.callback.on", { url: `${publicUrl}/api/qiniu/callback` })}
      </p>
    );
  }
  return (
    <div
      data-testid="callback-off"
      role="status"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p className="font-medium">{t("upload.callback.offTitle")}</p>
      <p className="mt-1">{t("upload.callback.off", { url: publicUrl, reason: t(`upload.callback.reasons.${callback.reason}`) })}</p>
    </div>
  );
}
