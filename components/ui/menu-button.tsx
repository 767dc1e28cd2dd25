"use client";

import clsx from "clsx";
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { createPortal } from "react-dom";

export interface MenuItem {
  id: string;
  label: string;
  shortcut?: string;
  danger?: boolean;
  run(): void;
}

/**
 * A row's "⋯" menu (WAI-ARIA menu button): Enter, Space or ↓ open it on the first item, ↑ on the last; arrows, Home
 * and End move; Enter runs; Escape and Tab close it. It is placed in a portal with fixed coordinates so the
 * scrolling list never clips it.
 */
export function MenuButton({
  label,
  items,
  active,
  title,
  testId = "row-menu-button",
  children,
}: {
  label: string;
  items: MenuItem[];
  active: boolean;
  title?: string;
  testId?: string;
  children: ReactNode;
}) {
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<null | "first" | "last">(null);
  const [place, setPlace] = useState<{ top?: number; bottom?: number; right: number } | null>(null);

  const close = (refocus: boolean) => {
    setOpen(null);
    if (refocus) buttonRef.current?.focus();
  };

  useLayoutEffect(() => {
    if (!open || !buttonRef.current) return;
    const r = buttonRef.current.getBoundingClientRect();
    const below = window.innerHeight - r.bottom;
    setPlace(
      below > 320 || below > r.top
        ? { top: r.bottom + 2, right: window.innerWidth - r.right }
        : { bottom: window.innerHeight - r.top + 2, right: window.innerWidth - r.right },
    );
  }, [open]);

  useEffect(() => {
    if (!open || !place) return;
    const list = menuRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]");
    list?.[open === "first" ? 0 : list.length - 1]?.focus();
    const away = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open, place]);

  function onMenuKey(e: KeyboardEvent) {
    // The list below handles arrows and Enter itself: none of the menu's keys may reach it.
    e.stopPropagation();
    const list = [...(menuRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
    const at = list.indexOf(document.activeElement as HTMLElement);
    const go = (n: number) => list[(n + list.length) % list.length]?.focus();
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(list.length - 1);
    else if (e.key === "Escape") close(true);
    else if (e.key === "Tab") close(false);
    else return;
    if (e.key !== "Tab") e.preventDefault();
  }

  function onButtonKey(e: KeyboardEvent) {
    // Enter and Space click the button (which opens the menu); the list must not also act on them.
    if (e.key === "Enter" || e.key === " ") e.stopPropagation();
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      e.stopPropagation();
      setOpen(e.key === "ArrowUp" ? "last" : "first");
    }
  }

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        data-testid={testId}
        data-row-menu=""
        // Roving: only the focused row's button is a tab stop, so the list stays one stop for keyboard users.
        tabIndex={active ? 0 : -1}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        title={title}
        onClick={(e) => {
          e.stopPropagation();
          if (open) close(false);
          else setOpen("first");
        }}
        onKeyDown={onButtonKey}
        className="rounded px-1.5 py-0.5 text-slate-600 hover:bg-slate-200 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-700 dark:hover:text-white"
      >
        {children}
      </button>
      {open &&
        place &&
        createPortal(
          <div
            ref={menuRef}
            id={menuId}
            role="menu"
            aria-label={label}
            data-testid="row-menu"
            onKeyDown={onMenuKey}
            onClick={(e) => e.stopPropagation()}
            style={{ position: "fixed", top: place.top, bottom: place.bottom, right: Math.max(8, place.right) }}
            className="z-50 max-h-[min(70vh,28rem)] w-60 max-w-[calc(100vw-1rem)] overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
          >
            {items.map((item) => (
              <button
                key={item.id}
                type="button"
                role="menuitem"
                tabIndex={-1}
                data-testid={`menu-${item.id}`}
                onClick={() => {
                  close(true);
                  item.run();
                }}
                className={clsx(
                  "flex w-full items-center justify-between gap-3 px-3 py-1.5 text-left hover:bg-slate-100 focus:bg-slate-100 focus:outline-none dark:hover:bg-slate-800 dark:focus:bg-slate-800",
                  item.danger && "text-red-700 dark:text-red-400",
                )}
              >
                <span>{item.label}</span>
                {item.shortcut && <kbd className="text-xs text-slate-400">{item.shortcut}</kbd>}
              </button>
            ))}
          </div>,
          document.body,
        )}
    </>
  );
}
