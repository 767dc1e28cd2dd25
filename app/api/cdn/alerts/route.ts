import { cdnAlertsRead } from "@/server/cdn/reads";
import { defineRoute } from "@/server/http/route-guard";

/** The alert rules and their firing history of the user's domains. */
export const GET = defineRoute(cdnAlertsRead);
