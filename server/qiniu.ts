import "server-only";
// The console's Qiniu client and credentials, built once from the validated config.
import type { Credentials } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { getConfig } from "@/server/config";

let cached: { client: QiniuClient; key: string } | undefined;

/** Access key and secret key from the configuration. Never send these to a browser. */
export function getCredentials(): Credentials {
  const { accessKey, secretKey } = getConfig().qiniu;
  return { accessKey, secretKey };
}

/** The shared QiniuClient (rebuilt only if the configured keys or hosts change, e.g. between tests). */
export function getQiniu(): QiniuClient {
  const q = getConfig().qiniu;
  const key = JSON.stringify([q.accessKey, q.secretKey, q.hosts]);
  if (!cached || cached.key !== key) {
    cached = { key, client: new QiniuClient({ accessKey: q.accessKey, secretKey: q.secretKey, hosts: q.hosts, userAgent: "QiniuConsole/0.1" }) };
  }
  return cached.client;
}
