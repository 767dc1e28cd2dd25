"use server";

import "server-only";
import { z } from "zod";
import { isTimeZone } from "@/lib/i18n/format";
import { getDb } from "@/server/db";
import { setTimeZonePreference } from "@/server/auth/preferences";
import { defineAction } from "./wrapper";

// Every export here is an action made by defineAction (checked by test/unit/server/actions/all-wrapped.test.ts).

/** The signed-in user's display time zone (an IANA name), or null to follow the browser's own zone. */
export const setDisplayTimeZone = defineAction({
  name: "account.time_zone",
  permission: "signed-in",
  input: z.object({ timeZone: z.string().max(64).refine(isTimeZone).nullable() }),
  async handler(input, { user }) {
    await setTimeZonePreference(getDb(), user.id, input.timeZone);
    return { timeZone: input.timeZone };
  },
  audit: (input) => ({ target: null, params: { timeZone: input.timeZone } }),
});
