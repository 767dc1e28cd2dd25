import { thumbnailUrlsRead } from "@/server/buckets/reads";
import { defineRoute } from "@/server/http/route-guard";

/** Signed thumbnail URLs of one grid row: ?keys[]=… */
export const GET = defineRoute(thumbnailUrlsRead);
