import { cdnLogFilesRead } from "@/server/cdn/reads";
import { defineRoute } from "@/server/http/route-guard";

/** The day's log files of the chosen domains: ?domains[]=&day= (the files themselves: /api/cdn/logs). */
export const GET = defineRoute(cdnLogFilesRead);
