import { statObjectRead } from "@/server/buckets/reads";
import { defineRoute } from "@/server/http/route-guard";

/** One object's facts (stat): ?key=. */
export const GET = defineRoute(statObjectRead);
