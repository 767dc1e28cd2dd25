import { cdnBreakdownRead } from "@/server/cdn/reads";
import { defineRoute } from "@/server/http/route-guard";

/** Traffic and bandwidth by region and ISP, and back-to-source traffic: ?domains[]=&startDate=&endDate=. */
export const GET = defineRoute(cdnBreakdownRead);
