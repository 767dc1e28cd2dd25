"use client";

import clsx from "clsx";
import { useRef, type KeyboardEvent, type ReactNode } from "react";

/**
 * WAI-ARIA tabs: one tab stop, ←/→ move and select, Home/End jump to the ends. The panel of the selected tab is
 * `children`; `idPrefix` names the tab and panel ids (`<prefix>-tab-<name>`, `<prefix>-panel-<name>`).
 */
export function Tabs<T extends string>({
  tabs,
  selected,
  onSelect,
  label,
  labelOf,
  idPrefix,
  children,
}: {
  tabs: readonly T[];
  selected: T;
  onSelect(tab: T): void;
  label: string;
  labelOf(tab: T): string;
  idPrefix: string;
  children: ReactNode;
}) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.indexOf(selected);
    const n = tabs.length;
    const next = e.key === "ArrowRight" ? (i + 1) % n : e.key === "ArrowLeft" ? (i + n - 1) % n : e.key === "Home" ? 0 : e.key === "End" ? n - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    onSelect(tabs[next]);
    refs.current[next]?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={label} onKeyDown={onKey} className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-700">
        {tabs.map((name, i) => (
          <button
            key={name}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${name}`}
            aria-selected={selected === name}
            aria-controls={`${idPrefix}-panel-${name}`}
            tabIndex={selected === name ? 0 : -1}
            onClick={() => onSelect(name)}
            className={clsx(
              "-mb-px shrink-0 border-b-2 px-3 py-2 text-sm whitespace-nowrap",
              selected === name
                ? "border-brand-600 font-medium text-brand-700 dark:border-brand-500 dark:text-brand-100"
                : "border-transparent text-slate-700 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white",
            )}
          >
            {labelOf(name)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${idPrefix}-panel-${selected}`} aria-labelledby={`${idPrefix}-tab-${selected}`} className="min-w-0 space-y-4">
        {children}
      </div>
    </>
  );
}
