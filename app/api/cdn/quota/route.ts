import { cdnQuotaRead } from "@/server/cdn/reads";
import { defineRoute } from "@/server/http/route-guard";

/** Today's refresh and prefetch quota. */
export const GET = defineRoute(cdnQuotaRead);
