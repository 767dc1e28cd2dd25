import "server-only";
import type { QiniuClient } from "@/lib/qiniu/client";
import type { PfopJobView } from "@/lib/processing/view";
import type { Principal } from "@/lib/permissions";
import type { Queryable } from "@/server/db";
import { getJobs, importUploadJobs, insertJob, isKnownJob, listJobs, saveStatus, staleActiveIds } from "./jobs-store";

// Console side of persistent processing: submit through the Qiniu client, remember the job, follow its status with
// prefop (Qiniu is the source of truth; notifications only prompt a re-read).

export interface PfopDeps {
  db: Queryable;
  client: Pick<QiniuClient, "pfop" | "prefop">;
}

export interface SubmitInput {
  bucket: string;
  key: string;
  commands: string[];
  pipeline?: string;
  force: boolean;
  notifyUrl?: string;
}

export async function submitJob(deps: PfopDeps, input: SubmitInput, user: { id: string; email: string }): Promise<{ persistentId: string }> {
  const fops = input.commands.join(";");
  const { persistentId } = await deps.client.pfop({
    bucket: input.bucket,
    key: input.key,
    fops,
    pipeline: input.pipeline,
    force: input.force,
    notifyURL: input.notifyUrl,
  });
  await insertJob(deps.db, {
    persistentId,
    createdBy: user.id,
    createdByEmail: user.email,
    bucket: input.bucket,
    key: input.key,
    fops,
    pipeline: input.pipeline ?? null,
    force: input.force,
    notifyUrl: input.notifyUrl ?? null,
  });
  return { persistentId };
}

/** Asks Qiniu for the status of these jobs (a few at a time) and stores the answers; a failed read keeps the old one. */
export async function refreshStatuses(deps: PfopDeps, ids: readonly string[], opts: { notified?: boolean } = {}): Promise<void> {
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        await saveStatus(deps.db, await deps.client.prefop(id), opts);
      } catch (err) {
        console.warn(`[pfop] could not read the status of ${id}:`, err instanceof Error ? err.message : err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, worker));
}

/** How old a waiting/processing job's status may be before the list asks Qiniu again. */
export const STATUS_STALE_MS = 1_500;

/** The job list for a user: upload-started jobs imported, active jobs on the page refreshed from Qiniu first. */
export async function listForUser(deps: PfopDeps, user: Principal, opts: { limit: number; before?: string }): Promise<PfopJobView[]> {
  await importUploadJobs(deps.db);
  const jobs = await listJobs(deps.db, user, opts);
  const stale = await staleActiveIds(
    deps.db,
    jobs.map((j) => j.id),
    STATUS_STALE_MS,
  );
  if (stale.length === 0) return jobs;
  await refreshStatuses(deps, stale.slice(0, 20));
  const fresh = new Map((await getJobs(deps.db, stale)).map((j) => [j.id, j]));
  return jobs.map((j) => fresh.get(j.id) ?? j);
}

const PERSISTENT_ID = /^[A-Za-z0-9._-]{1,128}$/;

export type NotificationOutcome = { status: 200 | 400 | 404 | 502; error?: string };

/**
 * A notifyURL POST. Qiniu does not sign these (docs/qiniu-protocol.md §9), so the body is only a hint: the id must be a job
 * we started (or an upload of ours started), and the status stored is the one Qiniu's prefop returns, not the body's.
 */
export async function handleNotification(deps: PfopDeps, body: unknown): Promise<NotificationOutcome> {
  const id = typeof body === "object" && body !== null ? (body as { id?: unknown }).id : undefined;
  if (typeof id !== "string" || !PERSISTENT_ID.test(id)) return { status: 400, error: "not a pfop notification" };
  if (!(await isKnownJob(deps.db, id))) return { status: 404, error: "unknown persistentId" };
  await importUploadJobs(deps.db);
  try {
    await saveStatus(deps.db, await deps.client.prefop(id), { notified: true });
  } catch (err) {
    console.warn(`[pfop] notification for ${id}: could not read its status:`, err instanceof Error ? err.message : err);
    return { status: 502, error: "could not confirm the status with the storage service" };
  }
  return { status: 200 };
}
