import "server-only";
import { mapClaims, type RoleMappingRule } from "@/lib/auth/role-mapping";
import { recordAudit } from "@/server/audit/log";
import type { Db } from "@/server/db";
import { changeAccess, UserAdminError } from "./user-admin";
import { createUser, EmailTakenError, findLoginByEmail } from "./users";

const SYSTEM = "00000000-0000-0000-0000-000000000000";

/**
 * Applies OIDC_ROLE_MAPPING at a single sign-on: the first rule matching the identity's claims sets the account's role
 * and scopes (audited as users.sso_mapping when they change). No rule matching leaves the account as an admin set it.
 * With OIDC_CREATE_USERS=1 a matching identity without an account gets one (no password: single sign-on only).
 */
export async function applySsoMapping(
  db: Db,
  oidc: { roleMapping: RoleMappingRule[]; createUsers: boolean },
  email: string,
  claims: Record<string, unknown>,
): Promise<void> {
  const mapped = mapClaims(oidc.roleMapping, claims);
  if (!mapped) return;
  const found = await findLoginByEmail(db, email);
  const actor = { email: "sso" };
  if (!found) {
    if (!oidc.createUsers) return;
    try {
      const name = typeof claims.name === "string" ? claims.name.slice(0, 100) : "";
      const user = await createUser(db, { email, name, role: mapped.role, scopes: mapped.scopes, passwordHash: null });
      await recordAudit(
        { actor, action: "users.create", target: user.email, params: { role: mapped.role, scopes: mapped.scopes, reason: "single sign-on" }, outcome: "ok" },
        db,
      );
    } catch (err) {
      if (!(err instanceof EmailTakenError)) throw err; // a concurrent first sign-in created it
    }
    return;
  }
  const same = found.user.role === mapped.role && JSON.stringify(found.user.scopes) === JSON.stringify(mapped.scopes);
  if (same || found.user.disabled) return;
  try {
    await changeAccess(db, SYSTEM, found.user.id, mapped);
    await recordAudit(
      { actor, action: "users.sso_mapping", target: email, params: { from: found.user.role, role: mapped.role, scopes: mapped.scopes }, outcome: "ok" },
      db,
    );
  } catch (err) {
    if (!(err instanceof UserAdminError)) throw err;
    // The last enabled admin is never demoted by a mapping; the record says why the mapping did not apply.
    await recordAudit({ actor, action: "users.sso_mapping", target: email, params: { role: mapped.role }, outcome: "denied", errorCode: err.code }, db);
  }
}
