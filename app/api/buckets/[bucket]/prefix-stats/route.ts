import { prefixStatsRead } from "@/server/buckets/reads";
import { defineRoute } from "@/server/http/route-guard";

/** The latest size-and-count of a folder: ?prefix=. */
export const GET = defineRoute(prefixStatsRead);
