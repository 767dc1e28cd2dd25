import "server-only";
import { findUserById } from "@/server/auth/users";
import type { Queryable } from "@/server/db";

// Console uploads put the uploader's user id into the put policy's endUser (lib/upload/plan.ts); people know each
// other by name and email, not by UUID. Any other endUser (set by some other client) is shown as it is.

/** "Name (email)", the email alone, or undefined when the endUser is not a console user. */
export async function uploaderLabel(db: Queryable, endUser: string): Promise<string | undefined> {
  const user = await findUserById(db, endUser).catch(() => null);
  if (!user) return undefined;
  return user.name ? `${user.name} (${user.email})` : user.email;
}
