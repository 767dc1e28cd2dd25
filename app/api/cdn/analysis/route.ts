import { cdnAnalysisRead } from "@/server/cdn/reads";
import { defineRoute } from "@/server/http/route-guard";

/** Status codes, hit rate, top URLs and IPs of the chosen domains: ?domains[]=&startDate=&endDate=. */
export const GET = defineRoute(cdnAnalysisRead);
