"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { existingBucket, keyPrefix } from "@/lib/buckets/schemas";
import { ROLES } from "@/lib/permissions";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import type { Scope } from "@/lib/permissions";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { missingScopeBuckets, passwordRefusal } from "@/server/auth/account-security";
import { saveAuthSettings } from "@/server/auth/auth-settings";
import { loginPolicies } from "@/server/auth/login";
import { accountSourceKey, clearAccountThrottle, recordFailure, throttleLock } from "@/server/auth/login-throttle";
import { generatePassword, hashPassword, verifyPassword } from "@/server/auth/passwords";
import { endAllSessions } from "@/server/auth/sessions";
import { removeTwoFactor } from "@/server/auth/two-factor";
import { changeAccess, setDisabled, setPassword, UserAdminError } from "@/server/auth/user-admin";
import { createUser as insertUser, EmailTakenError, findLoginByEmail, findUserById } from "@/server/auth/users";
import { toUserView } from "@/server/auth/user-view";
import { ActionFailure, defineAction } from "./wrapper";

// Every export here is an action made by defineAction (checked by test/unit/server/actions/all-wrapped.test.ts).

// Loose on purpose: admin@localhost (the first-run admin) has no dot in its domain.
const email = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/);
// Length and strength are checked by the policy (lib/auth/password-policy.ts), which knows the user's e-mail and name.
const password = z.string().min(1).max(MAX_PASSWORD_LENGTH);
const scope = z.object({
  bucket: existingBucket,
  prefix: keyPrefix,
});
const userId = z.uuid();

function adminFailure(err: unknown): never {
  if (err instanceof UserAdminError) {
    const key = ({ not_found: "auth.users.notFound", not_self: "auth.users.notSelf", last_admin: "auth.users.lastAdmin" } as const)[err.code];
    throw new ActionFailure(err.code, key);
  }
  throw err;
}

/** Refuses a password the policy does not accept, with its reason next to `field`. */
function requireStrongPassword(value: string | undefined, who: { email?: string; name?: string }, field: string): void {
  if (value === undefined) return;
  const refusal = passwordRefusal(value, who);
  if (refusal) throw new ActionFailure("weak_password", refusal, undefined, { [field]: refusal });
}

/** Refuses scopes naming buckets that do not exist (a typo would otherwise grant nothing, silently). */
/** The user an admin action is about, or the action fails with "not found". */
async function targetUser(id: string) {
  const db = getDb();
  const target = await findUserById(db, id);
  if (!target) adminFailure(new UserAdminError("not_found"));
  return { db, target };
}

async function requireExistingBuckets(scopes: readonly Scope[]): Promise<void> {
  const missing = await missingScopeBuckets(scopes);
  if (missing.length > 0)
    throw new ActionFailure("invalid_input", "auth.users.unknownBucket", { bucket: missing.join(", ") }, { scopes: "auth.users.unknownBucket" });
}

export const createUser = defineAction({
  name: "users.create",
  permission: "users.manage",
  input: z.object({
    email,
    name: z.string().trim().max(100).default(""),
    role: z.enum(ROLES),
    scopes: z.array(scope).max(200).default([]),
    password: password.optional(),
  }),
  async handler(input) {
    requireStrongPassword(input.password, input, "password");
    if (input.role !== "admin") await requireExistingBuckets(input.scopes);
    const chosen = input.password ?? generatePassword();
    try {
      const user = await insertUser(getDb(), {
        email: input.email,
        name: input.name,
        role: input.role,
        scopes: input.role === "admin" ? [] : input.scopes,
        passwordHash: await hashPassword(chosen),
      });
      revalidatePath("/users");
      // A generated password goes to the admin once, to hand over; a chosen one is never echoed back.
      return { user: toUserView(user), generatedPassword: input.password ? undefined : chosen };
    } catch (err) {
      if (err instanceof EmailTakenError) throw new ActionFailure("conflict", "auth.users.emailTaken", undefined, { email: "auth.users.emailTaken" });
      throw err;
    }
  },
  audit: (input) => ({ target: input.email.toLowerCase(), params: { role: input.role, scopes: input.scopes, generatedPassword: !input.password } }),
});

export const updateUserAccess = defineAction({
  name: "users.update_access",
  permission: "users.manage",
  input: z.object({ id: userId, role: z.enum(ROLES), scopes: z.array(scope).max(200) }),
  async handler(input, { user }) {
    if (input.role !== "admin") await requireExistingBuckets(input.scopes);
    const updated = await changeAccess(getDb(), user.id, input.id, { role: input.role, scopes: input.scopes }).catch(adminFailure);
    revalidatePath("/users");
    return toUserView(updated);
  },
  audit: (input, data) => ({ target: data?.email ?? input.id, params: { role: input.role, scopes: input.scopes } }),
});

export const setUserDisabled = defineAction({
  name: "users.set_disabled",
  permission: "users.manage",
  input: z.object({ id: userId, disabled: z.boolean() }),
  async handler(input, { user }) {
    const updated = await setDisabled(getDb(), user.id, input.id, input.disabled).catch(adminFailure);
    revalidatePath("/users");
    return toUserView(updated);
  },
  audit: (input, data) => ({ target: data?.email ?? input.id, params: { disabled: input.disabled } }),
});

export const resetUserPassword = defineAction({
  name: "users.reset_password",
  permission: "users.manage",
  input: z.object({ id: userId, password: password.optional() }),
  async handler(input) {
    const { db, target } = await targetUser(input.id);
    requireStrongPassword(input.password, target, "password");
    const chosen = input.password ?? generatePassword();
    const updated = await setPassword(db, input.id, await hashPassword(chosen)).catch(adminFailure);
    // A new password also lifts any sign-in throttle on the account, and ends its sessions (setPassword).
    await clearAccountThrottle(db, updated.email);
    await endAllSessions(db, updated.id);
    revalidatePath("/users");
    return { user: toUserView(updated), generatedPassword: input.password ? undefined : chosen };
  },
  audit: (input, data) => ({ target: data?.user.email ?? input.id, params: { generatedPassword: !input.password } }),
});

export const changeOwnPassword = defineAction({
  name: "account.change_password",
  permission: "signed-in",
  input: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: password }),
  async handler(input, { user, ip }) {
    const db = getDb();
    const me = await findUserById(db, user.id);
    const login = me ? await findLoginByEmail(db, me.email) : null;
    if (!login?.passwordHash) throw new ActionFailure("invalid_input", "auth.account.ssoOnly");
    // Guessing the current password through this form is throttled like the login form (same account+source counter).
    const key = accountSourceKey(login.user.email, ip);
    const locked = await throttleLock(db, [key], new Date());
    if (locked > 0) throw new ActionFailure("rate_limited", "auth.login.rateLimited", { minutes: Math.ceil(locked / 60_000) });
    if (!(await verifyPassword(login.passwordHash, input.currentPassword))) {
      await recordFailure(db, key, loginPolicies(getConfig().auth.loginLimits)["account-source"], new Date());
      throw new ActionFailure("invalid_input", "auth.account.wrongCurrent", undefined, { currentPassword: "auth.account.wrongCurrent" });
    }
    requireStrongPassword(input.newPassword, login.user, "newPassword");
    // Ends every session of this user, this one included: the page then signs in again with the new password.
    await setPassword(db, user.id, await hashPassword(input.newPassword));
    return { signedOut: true };
  },
  audit: () => ({ params: {} }),
});

export const clearUserThrottle = defineAction({
  name: "users.unlock",
  permission: "users.manage",
  input: z.object({ id: userId }),
  async handler(input) {
    const { db, target } = await targetUser(input.id);
    const cleared = await clearAccountThrottle(db, target.email);
    revalidatePath("/users");
    return { email: target.email, cleared };
  },
  audit: (input, data) => ({ target: data?.email ?? input.id, params: { cleared: data?.cleared } }),
});

export const resetUserTwoFactor = defineAction({
  name: "users.reset_2fa",
  permission: "users.manage",
  input: z.object({ id: userId }),
  async handler(input) {
    const { db, target } = await targetUser(input.id);
    const wasOn = await removeTwoFactor(db, target.id);
    revalidatePath("/users");
    return { email: target.email, wasOn };
  },
  audit: (input, data) => ({ target: data?.email ?? input.id, params: { wasOn: data?.wasOn } }),
});

export const endUserSessions = defineAction({
  name: "users.end_sessions",
  permission: "users.manage",
  input: z.object({ id: userId }),
  async handler(input) {
    const { db, target } = await targetUser(input.id);
    const ended = await endAllSessions(db, target.id);
    revalidatePath("/users");
    return { email: target.email, ended };
  },
  audit: (input, data) => ({ target: data?.email ?? input.id, params: { ended: data?.ended } }),
});

export const saveSecuritySettings = defineAction({
  name: "users.security_settings",
  permission: "users.manage",
  input: z.object({
    require2faRoles: z.array(z.enum(ROLES)).max(ROLES.length),
    /** null = CONSOLE_SESSION_IDLE_MINUTES. Fractions allowed (tests use seconds-long timeouts). */
    idleMinutes: z
      .number()
      .min(0.1)
      .max(24 * 60)
      .nullable(),
  }),
  async handler(input) {
    await saveAuthSettings(getDb(), { require2faRoles: [...new Set(input.require2faRoles)], idleMinutes: input.idleMinutes });
    revalidatePath("/users");
    return { saved: true };
  },
});
