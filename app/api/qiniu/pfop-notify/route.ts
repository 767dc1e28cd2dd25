import { handlePfopNotifyRequest } from "@/server/processing/notify-route";

// Qiniu's notifyURL / persistentNotifyUrl target (docs/qiniu-protocol.md §9). See server/processing/service.ts handleNotification.
export async function POST(req: Request): Promise<Response> {
  return handlePfopNotifyRequest(req);
}
