import { describe, expect, it } from "vitest";
import { z } from "zod";
import { actionFiles, loadActionModules } from "@/test/support/action-catalog";
import { defineAction, isWrappedAction } from "@/server/actions/wrapper";

// A server action is a public POST endpoint: one made without defineAction would skip the session, permission and
// audit steps. Every export of every server/actions/*.ts file must therefore come from defineAction.
describe("every server action goes through the wrapper", () => {
  it("finds the action files", () => {
    expect(actionFiles()).toContain("users.ts");
  });

  it("each action file is a 'use server' module whose every export is made by defineAction", async () => {
    const offenders: string[] = [];
    for (const m of await loadActionModules()) {
      if (!/^\s*(\/\/[^\n]*\n\s*)*["']use server["'];?/.test(m.source)) offenders.push(`${m.file}: does not start with "use server"`);
      for (const [name, value] of Object.entries(m.exports)) {
        if (!isWrappedAction(value)) offenders.push(`${m.file}: export "${name}" is not made by defineAction`);
      }
      if (Object.keys(m.exports).length === 0) offenders.push(`${m.file}: exports nothing`);
    }
    expect(offenders).toEqual([]);
  }, 120_000);

  it("recognises wrapper-made actions only (the check can fail)", () => {
    const wrapped = defineAction({ name: "test.noop", input: z.object({}), permission: "objects.read", audit: false, handler: async () => 1 });
    const bare = async (input: unknown) => ({ ok: true, data: input });
    expect(isWrappedAction(wrapped)).toBe(true);
    expect(isWrappedAction(bare)).toBe(false);
    expect(isWrappedAction(Object.assign(async () => {}, { brand: true }))).toBe(false);
  });
});
