import { objectTextRead } from "@/server/buckets/reads";
import { defineRoute } from "@/server/http/route-guard";

/** The first bytes of a text object, for the details panel: ?key=. */
export const GET = defineRoute(objectTextRead);
