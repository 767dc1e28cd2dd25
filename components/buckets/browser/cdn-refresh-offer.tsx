"use client";

import { RefreshAfterOverwrite } from "@/components/cdn/refresh-after-overwrite";
import { useT } from "@/components/i18n-provider";

/**
 * After an operation replaced an existing object: the CDN's offer to refresh its URLs (quota first, then the button),
 * until the user dismisses it. Rendered only for roles with cdn.write.
 */
export function CdnRefreshOffer({ bucket, objectKey, onDismiss }: { bucket: string; objectKey: string; onDismiss(): void }) {
  const t = useT();
  return (
    <div className="flex items-start gap-2" role="group" aria-label={t("cdn.refresh.afterOverwrite")} data-testid="browser-cdn-refresh">
      <div className="min-w-0 flex-1">
        <RefreshAfterOverwrite bucket={bucket} keys={[objectKey]} />
      </div>
      <button type="button" onClick={onDismiss} aria-label={t("common.close")} className="px-1 py-2 text-sm opacity-60 hover:opacity-100">
        ✕
      </button>
    </div>
  );
}
