import { downloadCdnLog } from "@/server/cdn/log-download";
import { withRoute } from "@/server/actions/wrapper";

// GET /api/cdn/logs?domain=&day=&name= : streams one CDN log file (the signed Qiniu link stays on the server).
export const GET = withRoute({ permission: "cdn.read", name: "cdn.logs.download" }, (req, ctx) => downloadCdnLog(req, ctx.user, ctx.t));
