import { pfopJobsRead } from "@/server/processing/reads";
import { defineRoute } from "@/server/http/route-guard";

/** The processing jobs this user may see, newest first: ?limit=&before=; polled while one runs. */
export const GET = defineRoute(pfopJobsRead);
