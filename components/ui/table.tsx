import clsx from "clsx";
import type { ReactNode } from "react";

/**
 * A table's box: the table scrolls sideways inside it, never the page. The box is focusable and labelled so keyboard
 * users can scroll it too (axe: scrollable-region-focusable).
 */
export function TableBox({
  label,
  children,
  bare,
  testId,
}: {
  label: string;
  children: ReactNode;
  /** inside a card that draws the border already */ bare?: boolean;
  testId?: string;
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      data-testid={testId}
      className={clsx("max-w-full overflow-x-auto", !bare && "rounded-lg border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900")}
    >
      {children}
    </div>
  );
}

export const tableClass = "w-full text-left text-sm";
export const theadClass = "bg-slate-50 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-200";
export const thClass = "px-3 py-2 font-medium whitespace-nowrap";
export const tdClass = "px-3 py-2 align-top";

/**
 * A long value in a cell (an object key, a URL, parameters): wraps at word boundaries first and anywhere only when a
 * word is longer than the column, shows the whole value on hover (title), and is focusable so keyboard users can
 * select and copy it.
 */
export function LongText({ value, className, mono, testId }: { value: string; className?: string; mono?: boolean; testId?: string }) {
  return (
    <span
      tabIndex={0}
      title={value}
      data-testid={testId}
      className={clsx("block min-w-[8rem] [overflow-wrap:anywhere] whitespace-pre-wrap select-all", mono && "font-mono text-xs", className)}
    >
      {value}
    </span>
  );
}
