// Keyboard commands of the object list and grid (issue 6: the list is usable without a mouse). Pure, so the
// mapping is tested without a browser.

export type ListCommand =
  | { type: "move"; to: number; extend: boolean }
  | { type: "open" }
  | { type: "toggle" }
  | { type: "selectAll" }
  | { type: "up" }
  | { type: "close" }
  /** Delete: the selected files, or the focused one; F2: rename the focused one; Shift+F10 / ContextMenu: its menu */
  | { type: "delete" }
  | { type: "rename" }
  | { type: "menu" };

export interface KeyInput {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/**
 * `columns` is 1 for the list and the cards per row in the grid; `pageRows` is how many rows fit on screen.
 * Returns null for keys the list does not handle (they keep their default behaviour).
 */
export function listKeyCommand(e: KeyInput, active: number, total: number, columns = 1, pageRows = 10): ListCommand | null {
  if (e.altKey) return null;
  const clamp = (n: number) => Math.max(0, Math.min(total - 1, n));
  const move = (to: number): ListCommand | null => (total === 0 ? null : { type: "move", to: clamp(to), extend: Boolean(e.shiftKey) });
  const from = active < 0 ? -1 : active;
  switch (e.key) {
    case "ArrowDown":
      return move(from < 0 ? 0 : from + columns);
    case "ArrowUp":
      return move(from < 0 ? 0 : from - columns);
    case "ArrowRight":
      return columns > 1 ? move(from + 1) : null;
    case "ArrowLeft":
      return columns > 1 ? move(Math.max(0, from - 1)) : null;
    case "Home":
      return move(0);
    case "End":
      return move(total - 1);
    case "PageDown":
      return move(Math.max(0, from) + pageRows * columns);
    case "PageUp":
      return move(from - pageRows * columns);
    case "Enter":
      return active >= 0 ? { type: "open" } : null;
    case " ":
      return active >= 0 ? { type: "toggle" } : null;
    case "Backspace":
      return { type: "up" };
    case "Escape":
      return { type: "close" };
    case "Delete":
      return { type: "delete" };
    case "F2":
      return active >= 0 ? { type: "rename" } : null;
    case "ContextMenu":
      return active >= 0 ? { type: "menu" } : null;
    case "F10":
      return e.shiftKey && active >= 0 ? { type: "menu" } : null;
    case "a":
    case "A":
      return e.ctrlKey || e.metaKey ? { type: "selectAll" } : null;
    default:
      return null;
  }
}
