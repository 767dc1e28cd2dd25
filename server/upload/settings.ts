import "server-only";
import { getConfig } from "@/server/config";
import { callbackReachability, type CallbackReachability } from "@/lib/upload/callback-reachability";
import { transportFromUpHost, type TransportConfig } from "@/lib/upload/transport-config";

// Where uploads go and whether the storage service can call the console back. Safe for the page (no keys).

export const CALLBACK_PATH = "/api/qiniu/callback";
export const PFOP_NOTIFY_PATH = "/api/qiniu/pfop-notify";

export interface UploadSettings {
  transport: TransportConfig;
  publicUrl: string;
  callback: CallbackReachability;
  /** Set only when the storage service can reach the console. */
  callbackUrl?: string;
  persistentNotifyUrl?: string;
}

export function uploadSettings(): UploadSettings {
  const config = getConfig();
  const callback = callbackReachability(config.mode, config.publicUrl);
  return {
    transport: transportFromUpHost(config.qiniu.hosts.up),
    publicUrl: config.publicUrl,
    callback,
    ...(callback.reachable ? { callbackUrl: config.publicUrl + CALLBACK_PATH, persistentNotifyUrl: config.publicUrl + PFOP_NOTIFY_PATH } : {}),
  };
}
