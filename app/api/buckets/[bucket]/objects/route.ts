import { listObjectsRead } from "@/server/buckets/reads";
import { defineRoute } from "@/server/http/route-guard";

/** One page of a folder listing: ?prefix=&marker=&limit=. */
export const GET = defineRoute(listObjectsRead);
