// Runs the batch actions as the console does (the real wrapper: session, role, input, scope, audit) on a test's own
// database, emulator and runner. The console's database handle and batch runner live on globalThis (server/db,
// server/batch/service.ts): the test puts its real PGlite and its real runner there instead of configured ones.
import { translate } from "@/lib/i18n/translate";
import { runAction, type ActionDefinition, type ActionEnv, type ActionResult } from "@/server/actions/wrapper";
import { recordAudit } from "@/server/audit/log";
import type { SessionUser } from "@/server/auth/session";
import { createUser } from "@/server/auth/users";
import type { Db } from "@/server/db";
import { currentUserRights } from "@/server/batch/access";
import { auditRunEnd } from "@/server/batch/audit";
import { BatchRunner } from "@/server/batch/runner";
import type { Scope } from "@/lib/permissions";
import type { z } from "zod";
import type { BatchFixture } from "./fixture";

/** Makes getDb() and getBatchRunner() answer with the fixture's database and a runner on it (as in production). */
export function installConsole(fx: BatchFixture): BatchRunner {
  const db = fx.testDb.db;
  const runner = new BatchRunner(fx.deps({ concurrency: 2, onRunEnd: auditRunEnd(db), currentRights: currentUserRights(db) }));
  const g = globalThis as Record<symbol, unknown>;
  g[Symbol.for("qiniu-console.db")] = Promise.resolve(db);
  g[Symbol.for("qiniu-console.batch-runner")] = runner;
  return runner;
}

export async function addUser(db: Db, email: string, role: SessionUser["role"], scopes: Scope[]): Promise<SessionUser> {
  const u = await createUser(db, { email, role, scopes, passwordHash: null });
  return { id: u.id, email: u.email, name: u.name, role: u.role, scopes: u.scopes };
}

/** Calls an action definition as `user`, auditing into the real audit_log. */
export function actAs(db: Db, user: SessionUser) {
  const env: ActionEnv = {
    user: async () => user,
    translator: async () => ({ locale: "en", t: (key, vars) => translate("en", key, vars) }),
    ip: async () => "203.0.113.7",
    audit: (entry) => recordAudit(entry, db),
  };
  return <S extends z.ZodType, D>(def: ActionDefinition<S, D>, input: z.input<S>): Promise<ActionResult<D>> => runAction(def, input, env);
}

export interface AuditRow {
  action: string;
  actor_email: string;
  outcome: string;
  error_code: string | null;
  error_message: string | null;
  params: Record<string, unknown>;
}

/** The audit records about one job, oldest first. */
export async function jobAudit(db: Db, jobId: string): Promise<AuditRow[]> {
  return db.query<AuditRow>(`SELECT action, actor_email, outcome, error_code, error_message, params FROM audit_log WHERE params->>'jobId' = $1 ORDER BY id`, [
    jobId,
  ]);
}
