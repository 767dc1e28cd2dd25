import { describe, expect, it } from "vitest";
import { firstRunNotice } from "@/server/auth/bootstrap";

describe("first-run notice", () => {
  it("shows the URL, the e-mail and the password in one clear box", () => {
    const box = firstRunNotice("http://localhost:3000", "admin@localhost", "Abc23xyz");
    const lines = box.split("\n");
    expect(lines[0]).toMatch(/^┌─+┐$/);
    expect(lines.at(-1)).toMatch(/^└─+┘$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1); // a closed, even box
    expect(box).toContain("Log in at http://localhost:3000 as admin@localhost / Abc23xyz");
    expect(box).toMatch(/shown only once/);
  });
});
