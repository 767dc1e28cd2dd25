import { describe, expect, it } from "vitest";
import { importCycles, sourceFiles } from "@/test/support/import-graph";

// lib/ is the code that runs anywhere; a cycle there means two modules that cannot be read (or loaded) apart.
// Type-only imports count too: the fix is the same (move the shared shape to a third module).
describe("lib/ import graph", () => {
  it("has no import cycles", () => {
    expect(importCycles(sourceFiles("lib"))).toEqual([]);
  });
});
