import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "@/server/auth/passwords";

describe("password hashing", () => {
  it("hashes with argon2id and a random salt, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(a, "correct horse battery stapler")).toBe(false);
    expect(await verifyPassword(a, "")).toBe(false);
  });

  it("fails (after the same work) for accounts without a hash, and for a corrupt hash", async () => {
    expect(await verifyPassword(null, "anything")).toBe(false);
    expect(await verifyPassword(undefined, "")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });

  it("takes about as long for an unknown user as for a wrong password", async () => {
    const hash = await hashPassword("pw-for-timing-1");
    await verifyPassword(null, "warm-up");
    let known = 0;
    let unknown = 0;
    // Interleaved, so that load on a shared machine slows both sides alike.
    for (let i = 0; i < 6; i++) {
      let t = performance.now();
      await verifyPassword(hash, "wrong");
      known += performance.now() - t;
      t = performance.now();
      await verifyPassword(null, "wrong");
      unknown += performance.now() - t;
    }
    // Both do one argon2 verification; a shortcut for unknown users would be hundreds of times faster.
    expect(unknown).toBeGreaterThan(known * 0.3);
  });

  it("generates unambiguous random passwords", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[A-Za-z2-9]{20}$/);
      expect(p).not.toMatch(/[01lIO]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
    expect(generatePassword(32)).toHaveLength(32);
  });
});
