import "server-only";
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// A real hash of a random password: verifying against it for unknown users costs the same time as for real ones,
// so response time does not reveal which e-mail addresses have accounts.
let dummyHash: Promise<string> | undefined;

/** Constant-work check: `storedHash` null/undefined (unknown user, SSO-only account) still does one argon2 verify and fails. */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const target = storedHash ?? (await dummyHash);
  let ok: boolean;
  try {
    ok = await verify(target, password);
  } catch {
    ok = false; // a malformed stored hash is a failed login, not a crash
  }
  return ok && Boolean(storedHash);
}

// No look-alike characters (0/O, 1/l/I), so a password read off a terminal can be typed.
const ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A random password of `length` characters from a 57-symbol alphabet (~5.8 bits each). */
export function generatePassword(length = 20): string {
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps every symbol equally likely.
      if (byte < 256 - (256 % ALPHABET.length) && out.length < length) out.push(ALPHABET[byte % ALPHABET.length]);
    }
  }
  return out.join("");
}
