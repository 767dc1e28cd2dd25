import { describe, expect, it } from "vitest";
import { keySegments, visibleKey } from "@/lib/batch/visible-key";
import { CONTROL_CHAR_KEYS, TRICKY_KEYS } from "@/test/support/tricky-keys";

describe("keys shown on the page", () => {
  it("shows NUL, other controls and bidi overrides as marked escapes", () => {
    expect(keySegments("a\u0000b")).toEqual([
      { text: "a", escaped: false },
      { text: "\\x00", escaped: true },
      { text: "b", escaped: false },
    ]);
    expect(visibleKey("nul/tab\tand\u001b[31mesc")).toBe("nul/tab\\x09and\\x1b[31mesc");
    expect(visibleKey("bidi\u202etxt.exe")).toBe("bidi\\u202etxt.exe");
    expect(keySegments("\u0000")).toEqual([{ text: "\\x00", escaped: true }]);
    for (const key of CONTROL_CHAR_KEYS) expect(visibleKey(key)).not.toMatch(/[\u0000-\u001f\u202e]/);
  });

  it("leaves every other key exactly as it is", () => {
    for (const key of [...TRICKY_KEYS, ""]) expect(keySegments(key)).toEqual([{ text: key, escaped: false }]);
  });
});
