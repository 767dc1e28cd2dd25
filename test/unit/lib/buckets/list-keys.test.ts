import { describe, expect, it } from "vitest";
import { listKeyCommand } from "@/lib/buckets/list-keys";

describe("list keyboard commands", () => {
  it("moves through the list and stays inside it", () => {
    expect(listKeyCommand({ key: "ArrowDown" }, -1, 5)).toEqual({ type: "move", to: 0, extend: false });
    expect(listKeyCommand({ key: "ArrowDown" }, 4, 5)).toEqual({ type: "move", to: 4, extend: false });
    expect(listKeyCommand({ key: "ArrowUp", shiftKey: true }, 3, 5)).toEqual({ type: "move", to: 2, extend: true });
    expect(listKeyCommand({ key: "End" }, 0, 5)).toMatchObject({ to: 4 });
    expect(listKeyCommand({ key: "PageDown" }, 0, 100, 1, 20)).toMatchObject({ to: 20 });
    expect(listKeyCommand({ key: "PageUp" }, 5, 100, 1, 20)).toMatchObject({ to: 0 });
    expect(listKeyCommand({ key: "ArrowDown" }, 0, 0)).toBeNull();
  });

  it("moves by rows and cards in the grid; left and right only there", () => {
    expect(listKeyCommand({ key: "ArrowDown" }, 1, 20, 4)).toMatchObject({ to: 5 });
    expect(listKeyCommand({ key: "ArrowRight" }, 1, 20, 4)).toMatchObject({ to: 2 });
    expect(listKeyCommand({ key: "ArrowLeft" }, 0, 20, 4)).toMatchObject({ to: 0 });
    expect(listKeyCommand({ key: "ArrowRight" }, 1, 20, 1)).toBeNull();
  });

  it("opens, selects, goes up and closes", () => {
    expect(listKeyCommand({ key: "Enter" }, 2, 5)).toEqual({ type: "open" });
    expect(listKeyCommand({ key: "Enter" }, -1, 5)).toBeNull();
    expect(listKeyCommand({ key: " " }, 2, 5)).toEqual({ type: "toggle" });
    expect(listKeyCommand({ key: "a", ctrlKey: true }, 2, 5)).toEqual({ type: "selectAll" });
    expect(listKeyCommand({ key: "a" }, 2, 5)).toBeNull();
    expect(listKeyCommand({ key: "Backspace" }, 2, 5)).toEqual({ type: "up" });
    expect(listKeyCommand({ key: "Escape" }, 2, 5)).toEqual({ type: "close" });
    expect(listKeyCommand({ key: "x" }, 2, 5)).toBeNull();
  });

  it("has shortcuts for the focused row: Delete, F2 (rename), Shift+F10 and the menu key (row menu)", () => {
    expect(listKeyCommand({ key: "Delete" }, 2, 5)).toEqual({ type: "delete" });
    expect(listKeyCommand({ key: "F2" }, 2, 5)).toEqual({ type: "rename" });
    expect(listKeyCommand({ key: "F2" }, -1, 5)).toBeNull();
    expect(listKeyCommand({ key: "F10", shiftKey: true }, 2, 5)).toEqual({ type: "menu" });
    expect(listKeyCommand({ key: "F10" }, 2, 5)).toBeNull();
    expect(listKeyCommand({ key: "ContextMenu" }, 2, 5)).toEqual({ type: "menu" });
  });
});
