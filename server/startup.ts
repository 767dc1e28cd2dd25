import "server-only";
import { getConfig } from "./config";
import { getDb } from "./db";
import { migrate } from "./db/migrate";
import { ensureFirstAdmin, firstRunNotice } from "./auth/bootstrap";
import { recoverBatchJobs } from "./batch/service";
import { startCdnAlerts } from "./cdn/alerts/service";

/** Brings the console database up to date and makes sure someone can log in. A failure stops start-up, clearly. */
async function startDatabase(): Promise<void> {
  const config = getConfig();
  const db = getDb();
  try {
    const applied = await migrate(db);
    if (applied.length) console.log(`[console] database (${db.engine}): applied ${applied.join(", ")}`);
    const admin = await ensureFirstAdmin(db, config.bootstrapAdmin);
    if (admin.created && admin.generatedPassword) console.log(`\n${firstRunNotice(config.publicUrl, admin.email, admin.generatedPassword)}\n`);
    else if (admin.created) console.log(`[console] created the administrator ${admin.email} (CONSOLE_ADMIN_EMAIL)`);
  } catch (err) {
    const where = config.database.kind === "postgres" ? "the PostgreSQL database (DATABASE_URL)" : `the embedded database in ${config.database.dataDir}`;
    console.error(`\n[console] could not start ${where}: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

// Start-up work after configuration is valid (database migrations, first admin, job recovery) hooks in here.
export async function startServer(): Promise<void> {
  await startDatabase();
  await recoverBatchJobs().catch((err) => console.error("[batch] could not recover interrupted jobs:", err));
  startCdnAlerts();
}
