import "server-only";
import { z } from "zod";
import { isTimeZone } from "@/lib/i18n/format";
import { getDb, type Queryable } from "@/server/db";
import type { ActionDefinition } from "@/server/actions/wrapper";

/** The user's chosen display time zone, or null for "the browser's own" (also when a stored name is no longer known). */
export async function getTimeZonePreference(q: Queryable, userId: string): Promise<string | null> {
  const [row] = await q.query<{ time_zone: string | null }>("SELECT time_zone FROM user_preferences WHERE user_id = $1", [userId]);
  return isTimeZone(row?.time_zone) ? row.time_zone : null;
}

/** Stores the choice; null returns to the browser's own zone. The caller has validated the name. */
export async function setTimeZonePreference(q: Queryable, userId: string, timeZone: string | null): Promise<void> {
  await q.query(
    `INSERT INTO user_preferences (user_id, time_zone) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, updated_at = now()`,
    [userId, timeZone],
  );
}

const timeZoneInput = z.object({ timeZone: z.string().max(64).refine(isTimeZone).nullable() });

/** The account page's setting (server/actions/account.ts): an IANA zone name, or null to follow the browser. */
export const setTimeZoneDef: ActionDefinition<typeof timeZoneInput, { timeZone: string | null }> = {
  name: "account.time_zone",
  permission: "signed-in",
  input: timeZoneInput,
  async handler(input, { user }) {
    await setTimeZonePreference(getDb(), user.id, input.timeZone);
    return { timeZone: input.timeZone };
  },
  audit: (input) => ({ target: null, params: { timeZone: input.timeZone } }),
};
