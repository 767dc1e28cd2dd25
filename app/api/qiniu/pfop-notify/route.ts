import { handlePfopNotifyRequest } from "@/server/pfop/notify-route";

// Qiniu's notifyURL / persistentNotifyUrl target (qiniu-protocol.md §9). See server/pfop/service.ts handleNotification.
export async function POST(req: Request): Promise<Response> {
  return handlePfopNotifyRequest(req);
}
