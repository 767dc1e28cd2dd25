"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { existingBucket, keyPrefix } from "@/lib/buckets/schemas";
import { ROLES } from "@/lib/permissions";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { loginPolicies } from "@/server/auth/login";
import { recordFailure, throttleLock } from "@/server/auth/login-throttle";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "@/server/auth/passwords";
import { changeAccess, setDisabled, setPassword, UserAdminError } from "@/server/auth/user-admin";
import { createUser as insertUser, EmailTakenError, findLoginByEmail, findUserById } from "@/server/auth/users";
import { toUserView } from "@/server/auth/user-view";
import { ActionFailure, defineAction } from "./wrapper";

// Every export here is an action made by defineAction (checked by test/unit/server/actions/all-wrapped.test.ts).

// Loose on purpose: admin@localhost (the first-run admin) has no dot in its domain.
const email = z.string().trim().max(320).regex(/^[^\s@]+@[^\s@]+$/);
const password = z.string().min(MIN_PASSWORD_LENGTH).max(1024);
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
    const chosen = input.password ?? generatePassword();
    const updated = await setPassword(getDb(), input.id, await hashPassword(chosen)).catch(adminFailure);
    revalidatePath("/users");
    return { user: toUserView(updated), generatedPassword: input.password ? undefined : chosen };
  },
  audit: (input, data) => ({ target: data?.user.email ?? input.id, params: { generatedPassword: !input.password } }),
});

export const changeOwnPassword = defineAction({
  name: "account.change_password",
  permission: "signed-in",
  input: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: password }),
  async handler(input, { user }) {
    const db = getDb();
    const me = await findUserById(db, user.id);
    const login = me ? await findLoginByEmail(db, me.email) : null;
    if (!login?.passwordHash) throw new ActionFailure("invalid_input", "auth.account.ssoOnly");
    // Guessing the current password through this form is throttled like the login form (same account counter).
    const key = `account:${login.user.email}`;
    const locked = await throttleLock(db, [key], new Date());
    if (locked > 0) throw new ActionFailure("rate_limited", "auth.login.rateLimited", { minutes: Math.ceil(locked / 60_000) });
    if (!(await verifyPassword(login.passwordHash, input.currentPassword))) {
      await recordFailure(db, key, loginPolicies(getConfig().auth.loginLimits).account, new Date());
      throw new ActionFailure("invalid_input", "auth.account.wrongCurrent", undefined, { currentPassword: "auth.account.wrongCurrent" });
    }
    // Ends every session of this user, this one included: the page then signs in again with the new password.
    await setPassword(db, user.id, await hashPassword(input.newPassword));
    return { signedOut: true };
  },
  audit: () => ({ params: {} }),
});
