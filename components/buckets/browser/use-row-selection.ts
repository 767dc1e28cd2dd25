"use client";

import { useCallback, useState, type MouseEvent } from "react";
import type { ListCommand } from "@/lib/buckets/list-keys";
import type { BrowserRow, ObjectRow } from "@/lib/buckets/listing";
import type { RowsModel } from "@/lib/buckets/rows-model";
import { EMPTY_SELECTION, clickSelect, selectAllLoaded, selectAllMatching, toggleOne, type Selection } from "@/lib/buckets/selection";

/** The active row (keyboard focus) and the selection of one listing; the browser remounts it per folder. */
export interface SelectionActions {
  open(row: BrowserRow): void;
  up(): void;
  close(): void;
  /** Delete: the selected files, or the focused one when nothing is selected */
  remove(keys: string[], focused: ObjectRow | null): void;
  rename(row: ObjectRow): void;
  menu(position: number): void;
}

export function useRowSelection(model: RowsModel, actions: SelectionActions) {
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [active, setActive] = useState(-1);

  const onClick = useCallback(
    (position: number, row: BrowserRow, e: MouseEvent) => {
      setActive(position);
      if (row.kind === "object") setSelection((s) => clickSelect(s, row.key, model.objectKeys, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }));
    },
    [model],
  );
  const onToggle = useCallback((key: string) => setSelection((s) => toggleOne(s, key)), []);

  const rowAt = (p: number) => {
    const slot = model.slot(p);
    return slot.type === "row" ? slot.row : null;
  };

  const onCommand = (cmd: ListCommand) => {
    const current = rowAt(active);
    switch (cmd.type) {
      case "move": {
        setActive(cmd.to);
        const target = rowAt(cmd.to);
        if (cmd.extend && target?.kind === "object") {
          const anchor = selection.anchor ?? (current?.kind === "object" ? current.key : target.key);
          setSelection(clickSelect({ ...selection, anchor }, target.key, model.objectKeys, { shift: true }));
        }
        return;
      }
      case "open":
        if (current) actions.open(current);
        return;
      case "toggle":
        if (current?.kind === "object") setSelection((s) => toggleOne(s, current.key));
        return;
      case "selectAll":
        setSelection(selectAllLoaded(model.objectKeys));
        return;
      case "up":
        actions.up();
        return;
      case "close":
        actions.close();
        return;
      case "delete":
        actions.remove(selection.allMatching ? [] : [...selection.keys], current?.kind === "object" ? current : null);
        return;
      case "rename":
        if (current?.kind === "object") actions.rename(current);
        return;
      case "menu":
        if (current?.kind === "object") actions.menu(active);
        return;
    }
  };

  return {
    selection,
    active,
    onClick,
    onToggle,
    onCommand,
    selectAll: () => setSelection(selectAllLoaded(model.objectKeys)),
    selectMatching: () => setSelection(selectAllMatching()),
    clear: () => setSelection(EMPTY_SELECTION),
    forget: (keys: string[]) => setSelection((s) => keys.reduce((acc, key) => (acc.keys.has(key) ? toggleOne(acc, key) : acc), s)),
  };
}
