import { cdnTrafficRead } from "@/server/cdn/reads";
import { defineRoute } from "@/server/http/route-guard";

/** Flux and bandwidth of the chosen domains: ?domains[]=&startDate=&endDate=&granularity=. */
export const GET = defineRoute(cdnTrafficRead);
