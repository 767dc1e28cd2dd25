"use client";

import { useState, type ReactNode } from "react";
import { useT } from "@/components/i18n-provider";
import { copyText } from "./clipboard";

/**
 * A value cut to one line in a fixed-height row (a virtual list's cell): hovering or focusing it shows the whole value
 * wrapped in a popup under it, and its Copy button copies it. `children` may mark invisible characters; `value` is the
 * plain text that is shown in full and copied.
 */
export function TruncatedText({ value, children, testId }: { value: string; children?: ReactNode; testId?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  if (!value) return null;
  return (
    <span className="group relative flex min-w-0 items-center gap-1" data-testid={testId}>
      <span tabIndex={0} aria-label={value} className="block min-w-0 flex-1 truncate whitespace-pre font-mono text-xs">
        {children ?? value}
      </span>
      <button
        type="button"
        className="invisible shrink-0 rounded px-1 text-xs text-slate-600 group-focus-within:visible group-hover:visible hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-700"
        onClick={() =>
          void copyText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
        onBlur={() => setCopied(false)}
        data-testid="copy-value"
      >
        {copied ? t("common.copied") : t("common.copy")}
      </button>
      <span
        aria-hidden
        className="pointer-events-none invisible absolute top-full left-0 z-20 mt-0.5 w-max max-w-[min(40rem,80vw)] rounded bg-slate-900 px-2 py-1 font-mono text-xs whitespace-pre-wrap text-white shadow-lg [overflow-wrap:anywhere] group-focus-within:visible group-hover:visible dark:bg-slate-700"
      >
        {value}
      </span>
    </span>
  );
}
