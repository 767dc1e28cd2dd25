import { describe, expect, it } from "vitest";
import { relative, runtimeReach, sourceFiles } from "@/test/support/import-graph";

// The upload engine is plain browser code: the React components drive it, it does not know them.
describe("the upload engine (lib/upload/engine)", () => {
  it("loads neither React, Next, components/ nor server/", () => {
    for (const file of sourceFiles("lib/upload/engine")) {
      const { files, packages } = runtimeReach(relative(file));
      const frameworks = [...packages].filter((p) => /^(react|react-dom|next)(\/|$)/.test(p) || p === "server-only");
      const outside = [...files].map(relative).filter((f) => f.startsWith("components/") || f.startsWith("server/") || f.startsWith("app/"));
      expect({ file: relative(file), frameworks, outside }).toEqual({ file: relative(file), frameworks: [], outside: [] });
    }
  });
});
