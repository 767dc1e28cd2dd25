"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/server/db";
import { revokeSession } from "@/server/auth/sessions";
import { checkSecondFactor, confirmEnrolment, regenerateRecoveryCodes, startEnrolment } from "@/server/auth/two-factor";
import { findUserById } from "@/server/auth/users";
import { setTimeZoneDef } from "@/server/auth/preferences";
import { ActionFailure, defineAction } from "./wrapper";

// The signed-in user's own security: two-factor enrolment, recovery codes, sessions. Every export is an action made
// by defineAction (test/unit/server/actions/all-wrapped.test.ts). Names start with "account." so that a user who must
// set up two-factor sign-in first can still reach them (server/actions/wrapper.ts).

const code = z.string().trim().min(1).max(64);

export const startTwoFactorEnrolment = defineAction({
  name: "account.2fa_start",
  permission: "signed-in",
  input: z.object({}).default({}),
  // Nothing changes until a code confirms it; the secret must not reach the audit log.
  audit: false,
  async handler(_input, { user }) {
    return startEnrolment(getDb(), user);
  },
});

export const confirmTwoFactor = defineAction({
  name: "account.2fa_enrol",
  permission: "signed-in",
  input: z.object({ code }),
  async handler(input, { user }) {
    const recoveryCodes = await confirmEnrolment(getDb(), user.id, input.code);
    if (!recoveryCodes) throw new ActionFailure("invalid_input", "auth.twoFactor.wrongCode", undefined, { code: "auth.twoFactor.wrongCode" });
    // Shown once; only their hashes are kept. No revalidation here: the page refreshes once they are noted (a refresh
    // now would replace the required-enrolment screen, codes and all, by the page behind it).
    return { recoveryCodes };
  },
  audit: () => ({ params: {} }),
});

export const newRecoveryCodes = defineAction({
  name: "account.2fa_recovery_codes",
  permission: "signed-in",
  input: z.object({ code }),
  async handler(input, { user }) {
    const db = getDb();
    // A current code proves the phone is at hand (a stolen session alone cannot mint recovery codes).
    if ((await checkSecondFactor(db, user.id, input.code, new Date())) !== "totp") {
      throw new ActionFailure("invalid_input", "auth.twoFactor.wrongCode", undefined, { code: "auth.twoFactor.wrongCode" });
    }
    const recoveryCodes = await regenerateRecoveryCodes(db, user.id);
    if (!recoveryCodes) throw new ActionFailure("invalid_input", "auth.twoFactor.notEnabled");
    return { recoveryCodes };
  },
  audit: () => ({ params: {} }),
});

export const revokeMySession = defineAction({
  name: "account.revoke_session",
  permission: "signed-in",
  input: z.object({ sid: z.uuid() }),
  async handler(input, { user }) {
    const db = getDb();
    const me = await findUserById(db, user.id);
    if (!me || !(await revokeSession(db, me, input.sid))) throw new ActionFailure("not_found", "auth.sessions.notFound");
    revalidatePath("/account");
    return { current: input.sid === user.sid };
  },
  audit: (input) => ({ target: input.sid, params: {} }),
});

/** "Continue" in the expiry warning: reading the session through the wrapper counts as activity. */
export const keepSessionAlive = defineAction({
  name: "account.keep_alive",
  permission: "signed-in",
  input: z.object({}).default({}),
  audit: false,
  async handler() {
    return { ok: true };
  },
});

/** The signed-in user's display time zone (an IANA name), or null to follow the browser's own zone. */
export const setDisplayTimeZone = defineAction(setTimeZoneDef);
