"use client";

import { useEffect, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { Modal } from "@/components/ui/modal";
import type { MessageKey } from "@/lib/i18n/translate";

// Every keyboard shortcut the console has, in one list (issue 22: shortcuts exist but were never shown). The list's
// keys are in lib/buckets/list-keys.ts, the menus' in components/ui/menu-button.tsx, the tabs' in components/ui/tabs.tsx.
const GROUPS: { title: MessageKey; rows: [keys: string[], what: MessageKey][] }[] = [
  {
    title: "shortcuts.global",
    rows: [
      [["?"], "shortcuts.help"],
      [["Esc"], "shortcuts.close"],
    ],
  },
  {
    title: "shortcuts.list",
    rows: [
      [["↑", "↓"], "shortcuts.move"],
      [["Home", "End"], "shortcuts.jump"],
      [["PageUp", "PageDown"], "shortcuts.page"],
      [["Enter"], "shortcuts.open"],
      [["Space"], "shortcuts.toggle"],
      [["Ctrl+A"], "shortcuts.selectAll"],
      [["Backspace"], "shortcuts.up"],
      [["Delete"], "shortcuts.remove"],
      [["F2"], "shortcuts.rename"],
      [["Shift+F10"], "shortcuts.rowMenu"],
    ],
  },
  {
    title: "shortcuts.menus",
    rows: [
      [["↑", "↓", "Home", "End"], "shortcuts.menuMove"],
      [["←", "→"], "shortcuts.tabs"],
    ],
  },
];

/** Typing into a field must never open the help. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

/** The header's "⌨" button and the `?` key both open the list of shortcuts. */
export function ShortcutsHelp() {
  const t = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "?" || e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector("dialog[open]")) return;
      e.preventDefault();
      setOpen(true);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={t("header.shortcuts")}
        title={`${t("header.shortcuts")} (?)`}
        aria-keyshortcuts="?"
        data-testid="shortcuts-button"
        className="hidden rounded-md border border-slate-300 px-2 py-1 text-sm sm:inline-block dark:border-slate-600"
      >
        ⌨
      </button>
      {open && (
        <Modal title={t("shortcuts.title")} onClose={() => setOpen(false)} testId="shortcuts-dialog">
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">{t("shortcuts.intro")}</p>
          <div className="max-h-[60vh] space-y-4 overflow-y-auto">
            {GROUPS.map((group) => (
              <section key={group.title}>
                <h3 className="mb-1 text-sm font-semibold">{t(group.title)}</h3>
                <dl className="grid grid-cols-[minmax(0,auto)_1fr] gap-x-4 gap-y-1 text-sm">
                  {group.rows.map(([keys, what]) => (
                    <div key={what} className="contents">
                      <dt className="flex flex-wrap gap-1">
                        {keys.map((k) => (
                          <kbd
                            key={k}
                            className="rounded border border-slate-300 bg-slate-100 px-1.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800"
                          >
                            {k}
                          </kbd>
                        ))}
                      </dt>
                      <dd>{t(what)}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </div>
        </Modal>
      )}
    </>
  );
}
