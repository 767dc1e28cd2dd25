import "server-only";
// The console's Qiniu client and credentials, built once from the validated config.
import type { Credentials } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import type { UpHost } from "@/lib/upload/token-contract";
import { getConfig } from "@/server/config";

let cached: { client: QiniuClient; key: string } | undefined;

/** Access key and secret key from the configuration. Never send these to a browser. */
export function getCredentials(): Credentials {
  const { accessKey, secretKey } = getConfig().qiniu;
  return { accessKey, secretKey };
}

/** The shared QiniuClient (rebuilt only if the configured keys or hosts change, e.g. between tests); its region cache lives as long. */
export function getQiniu(): QiniuClient {
  const q = getConfig().qiniu;
  const key = JSON.stringify([q.accessKey, q.secretKey, q.hosts, q.timeouts]);
  if (!cached || cached.key !== key) {
    // Each bucket's calls go to its own region (uc region query, cached); QINIU_REGION's hosts are the fallback.
    // A read gives up after QINIU_READ_TIMEOUT_MS in all (one attempt may take as long), so a panel can say so in time.
    const timeouts = { timeoutMs: Math.max(q.timeouts.read, q.timeouts.write), deadlineMs: q.timeouts };
    cached = {
      key,
      client: new QiniuClient({
        accessKey: q.accessKey,
        secretKey: q.secretKey,
        hosts: q.hosts,
        userAgent: "QiniuConsole/0.1",
        resolveRegions: true,
        ...timeouts,
      }),
    };
  }
  return cached.client;
}

/** The up hosts of each bucket's region, primary first (the browser uploads there); one cached region lookup per bucket. */
export async function upHostsFor(buckets: Iterable<string>): Promise<Map<string, UpHost>> {
  const client = getQiniu();
  const out = new Map<string, UpHost>();
  await Promise.all(
    [...new Set(buckets)].map(async (b) => {
      const [primary, ...rest] = (await client.bucketRegion(b)).hosts.up.map((u) => new URL(u));
      // UpHost has one scheme for all its hosts; a backup on another scheme (never seen in uc answers) is left out.
      const backups = [...new Set(rest.filter((u) => u.protocol === primary.protocol && u.host !== primary.host).map((u) => u.host))];
      out.set(b, { uphost: primary.host, upprotocol: primary.protocol === "http:" ? "http" : "https", ...(backups.length ? { backups } : {}) });
    }),
  );
  return out;
}
