import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

// The password rule for create, change and reset (server/actions/users.ts). zxcvbn-ts estimates how many guesses a
// password takes against common-password and word lists (with l33t, reversals, keyboard walks, repeats and dates);
// score 3 means "safely unguessable" for an online attack, which throttled sign-in is. The explicit checks come first
// so the message names the actual problem.

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;
const MIN_PASSWORD_SCORE = 3;

export type PasswordProblem = "tooShort" | "tooLong" | "containsEmail" | "containsName" | "common" | "weak";

let factory: ZxcvbnFactory | undefined;

function checker(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
    useLevenshteinDistance: true,
  });
  return factory;
}

const fold = (s: string) => s.normalize("NFKC").toLowerCase();

/** The parts of a person's e-mail and name that must not appear in their password (3+ characters each). */
export function personalWords(who: { email?: string; name?: string }): string[] {
  const email = fold(who.email ?? "").trim();
  const local = email.split("@")[0] ?? "";
  const words = [email, local, ...local.split(/[._+-]+/), ...fold(who.name ?? "").split(/\s+/), fold(who.name ?? "").replace(/\s+/g, "")];
  return [...new Set(words.filter((w) => w.length >= 3))];
}

/** null when the password is acceptable, else the first problem found. */
export function checkPassword(password: string, who: { email?: string; name?: string } = {}): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return "tooShort";
  if (password.length > MAX_PASSWORD_LENGTH) return "tooLong";
  const folded = fold(password);
  const email = fold(who.email ?? "").trim();
  const local = email.split("@")[0] ?? "";
  const name = fold(who.name ?? "").replace(/\s+/g, "");
  // Mostly made of the e-mail or name (a word of them inside a longer password is left to the strength estimate,
  // which is given them as user inputs).
  const mostly = (part: string) => part.length >= 3 && folded.includes(part) && part.length >= folded.length * 0.5;
  if ((email && folded.includes(email)) || mostly(local)) return "containsEmail";
  if (mostly(name)) return "containsName";
  const result = checker().check(password.slice(0, 256), personalWords(who));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const dictionaryHit = result.sequence.some((m) => m.pattern === "dictionary" && m.token.length >= password.length * 0.6);
  return dictionaryHit ? "common" : "weak";
}
