import "server-only";
import { z } from "zod";
import { roleHas } from "@/lib/permissions";
import type { PfopJobView } from "@/lib/processing/view";
import { getDb } from "@/server/db";
import { ActionFailure } from "@/server/errors/action-failure";
import type { ReadDefinition } from "@/server/http/route-guard";
import { getQiniu } from "@/server/qiniu";
import { uploadSettings } from "@/server/upload/settings";
import { listForUser } from "./service";

// The processing page's job list as a GET route (app/api/processing/jobs), polled while a job runs (issue 19).

export interface PfopJobPage {
  jobs: PfopJobView[];
  /** pass as `before` for the next page; null at the end */
  next: string | null;
  /** whether the storage service will notify the console (else the page relies on polling) */
  notifies: boolean;
}

const listInput = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30), before: z.iso.datetime({ offset: true }).optional() });

// Listing spans buckets, so the guard cannot scope it by one target: the role is checked here and the rows are
// limited to the user's bucket/prefix scopes in SQL (server/processing/jobs-store.ts).
export const pfopJobsRead: ReadDefinition<typeof listInput, PfopJobPage> = {
  name: "pfop.list",
  input: listInput,
  permission: "signed-in",
  handler: async (input, ctx) => {
    if (!roleHas(ctx.user.role, "pfop.read")) throw new ActionFailure("forbidden", "auth.errors.forbidden");
    const jobs = await listForUser({ db: getDb(), client: getQiniu() }, ctx.user, { limit: input.limit, before: input.before });
    return {
      jobs,
      next: jobs.length === input.limit ? jobs[jobs.length - 1].createdAt : null,
      notifies: Boolean(uploadSettings().persistentNotifyUrl),
    };
  },
};
