import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromDbText, mapStrings, toDbText } from "@/server/batch/key-text";
import { CONTROL_CHAR_KEYS, TRICKY_KEYS } from "@/test/support/tricky-keys";

// Any string, with NUL and the escape character U+FFFF (and "0" after it) much more likely than by chance.
const keyish = fc
  .array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 4 }), fc.constantFrom("\u0000", "\uffff", "0", "\uffff0")), { maxLength: 12 })
  .map((parts) => parts.join(""));

describe("keys as the job tables store them", () => {
  it("never stores NUL and reads back every string exactly", () => {
    fc.assert(
      fc.property(keyish, (s) => {
        const stored = toDbText(s);
        expect(stored).not.toContain("\u0000");
        expect(fromDbText(stored)).toBe(s);
      }),
    );
    for (const key of CONTROL_CHAR_KEYS) expect(fromDbText(toDbText(key))).toBe(key);
  });

  it("is one-to-one and keeps prefixes (equal targets, common prefixes and scope checks still work on stored text)", () => {
    fc.assert(
      fc.property(keyish, keyish, (a, b) => {
        expect(toDbText(a) === toDbText(b)).toBe(a === b);
        expect(toDbText(a + b).startsWith(toDbText(a))).toBe(true);
      }),
    );
  });

  it("stores ordinary keys unchanged", () => {
    for (const key of TRICKY_KEYS) expect(toDbText(key)).toBe(key);
    expect(toDbText(null)).toBeNull();
  });

  it("maps every string inside a job's JSON (a prefix, pattern parts)", () => {
    const op = { op: "rename", pattern: { kind: "replace", find: "\u0000", replace: "_" }, overwrite: false };
    const stored = mapStrings(op, toDbText);
    expect(JSON.stringify(stored)).not.toContain("\\u0000");
    expect(mapStrings(stored, fromDbText)).toEqual(op);
  });
});
