import "server-only";
import type { Db } from "@/server/db";
import { recordAudit } from "@/server/audit/log";
import { generatePassword, hashPassword } from "./passwords";
import { countUsers, createUser } from "./users";

// Any fixed number, shared by every instance: two consoles starting on one empty database create one admin.
const BOOTSTRAP_LOCK = 727_002;

export type BootstrapResult = { created: false } | { created: true; email: string; generatedPassword?: string };

/**
 * First run: with no users at all, creates an admin from CONSOLE_ADMIN_EMAIL/CONSOLE_ADMIN_PASSWORD, or else
 * `admin@localhost` with a generated password that the caller shows once.
 */
export async function ensureFirstAdmin(db: Db, configured?: { email: string; password: string }): Promise<BootstrapResult> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [BOOTSTRAP_LOCK]);
    if ((await countUsers(tx)) > 0) return { created: false } as const;
    const email = configured?.email ?? "admin@localhost";
    const password = configured?.password ?? generatePassword();
    const user = await createUser(tx, { email, name: "Administrator", role: "admin", passwordHash: await hashPassword(password) });
    await recordAudit(
      {
        actor: { email: "system" },
        action: "users.create",
        target: user.email,
        params: { role: "admin", reason: configured ? "CONSOLE_ADMIN_EMAIL" : "first run" },
        outcome: "ok",
      },
      tx,
    );
    return { created: true, email: user.email, generatedPassword: configured ? undefined : password };
  });
}

/** The one-time notice with the generated password, boxed so it stands out in the server log. */
export function firstRunNotice(url: string, email: string, password: string): string {
  const lines = [
    "First run: an administrator account was created.",
    "",
    `Log in at ${url} as ${email} / ${password}`,
    "",
    "This password is shown only once. Change it after logging in",
    "(or set CONSOLE_ADMIN_EMAIL and CONSOLE_ADMIN_PASSWORD before the first start).",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = "─".repeat(width + 2);
  return [`┌${bar}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${bar}┘`].join("\n");
}
