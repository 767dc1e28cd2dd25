import { handleUploadCallback } from "@/server/upload/callback";

// Called by Qiniu (not by a signed-in browser), so no session wrapper: the callback signature is the authentication.
export async function POST(req: Request): Promise<Response> {
  return handleUploadCallback(req);
}
