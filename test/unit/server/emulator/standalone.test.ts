import { describe, expect, it } from "vitest";
import { relative, runtimeReach } from "@/test/support/import-graph";

// The emulator is a program of its own (server/emulator/README.md): `node --import tsx server/emulator/main.ts`
// must run without Next's `react-server` condition, so nothing it loads may import `server-only`, Next or React,
// or the console's server code.
describe("the emulator's entry (server/emulator/main.ts)", () => {
  const { files, packages } = runtimeReach("server/emulator/main.ts");

  it("loads only server/emulator/ and lib/ from the repository", () => {
    const outside = [...files].map(relative).filter((f) => !f.startsWith("server/emulator/") && !f.startsWith("lib/"));
    expect(outside).toEqual([]);
  });

  it("loads neither server-only nor Next nor React", () => {
    expect([...packages].filter((p) => p === "server-only" || /^(next|react|react-dom)(\/|$)/.test(p))).toEqual([]);
  });
});
