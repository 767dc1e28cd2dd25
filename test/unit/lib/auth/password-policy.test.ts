import { beforeAll, describe, expect, it } from "vitest";
import { checkPassword, personalWords } from "@/lib/auth/password-policy";

describe("password policy", () => {
  // Building the dictionaries takes seconds on a busy machine; once, before the timed tests.
  beforeAll(() => void checkPassword("warm-up-password-1"), 60_000);

  it("refuses passwords shorter than the minimum", () => {
    expect(checkPassword("Xk9#pq2")).toBe("tooShort");
    expect(checkPassword("x".repeat(1025))).toBe("tooLong");
  });

  it("refuses repeats, sequences and keyboard walks however long", () => {
    expect(checkPassword("aaaaaaaaaa")).not.toBeNull();
    expect(checkPassword("1234567890")).not.toBeNull();
    expect(checkPassword("qwertyuiop")).not.toBeNull();
  });

  it("refuses common and breached-list passwords, with their l33t and capitalised variants", () => {
    for (const p of ["password123", "Password1!", "iloveyou12", "P@ssw0rd123"]) expect(checkPassword(p), p).toBe("common");
  });

  it("refuses the user's own e-mail or name as the password", () => {
    expect(checkPassword("bob.smith@example.com", { email: "bob.smith@example.com" })).toBe("containsEmail");
    expect(checkPassword("bob.smith2024", { email: "bob.smith@example.com" })).toBe("containsEmail");
    expect(checkPassword("RobertaMiller1", { name: "Roberta Miller" })).toBe("containsName");
  });

  it("counts the user's e-mail and name against a password that leans on them", () => {
    expect(checkPassword("zhangwei1990", { email: "zhangwei@example.com" })).not.toBeNull();
    expect(personalWords({ email: "li.na@example.com", name: "Li Na" })).toEqual(expect.arrayContaining(["li.na@example.com", "li.na", "lina"]));
  });

  it("accepts long passphrases and random passwords", () => {
    expect(checkPassword("correct horse battery staple")).toBeNull();
    expect(checkPassword("vN7t-Qe2m-Lr8x", { email: "bob@example.com", name: "Bob" })).toBeNull();
    expect(checkPassword("e2e-editor-password-1", { email: "editor@e2e.test" })).toBeNull();
  });
});
