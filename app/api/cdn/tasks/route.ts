import { cdnTasksRead } from "@/server/cdn/reads";
import { defineRoute } from "@/server/http/route-guard";

/** Refresh or prefetch task history: ?kind=&pageNo=&pageSize=. */
export const GET = defineRoute(cdnTasksRead);
