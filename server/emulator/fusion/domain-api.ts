// `GET /domain/<name>` of Qiniu's domain API (developer.qiniu.com/fusion/api/4246, python-sdk DomainManager.get_domain):
// the emulator answers for every bucket domain with the fields the console reads, the timestamp ACL among them
// (`timeACL: {enable, timeACLKeys: [primary, backup], checkUrl}`), taken from the same keys io enforces.
import type { AntiLeechKeys } from "./antileech";
import type { DomainDirectory } from "./domains";
import { normalizeDomain } from "./domains";

export function domainInfo(name: string, domains: DomainDirectory, keys: AntiLeechKeys): { status: number; body: Record<string, unknown> } {
  const domain = normalizeDomain(decodeURIComponent(name));
  const bucket = domains.bucketOf(domain);
  if (!bucket) return { status: 404, body: { code: 404, error: "domain not found" } };
  const acl = keys.keysFor(domain);
  return {
    status: 200,
    body: {
      name: domain,
      type: "normal",
      cname: `${domain.replace(/:\d+$/, "")}.qiniudns.com`,
      protocol: "http",
      platform: "web",
      geoCover: "global",
      operatingState: "success",
      source: { sourceType: "qiniuBucket", sourceQiniuBucket: bucket },
      timeACL: { enable: acl.length > 0, timeACLKeys: acl, checkUrl: "" },
    },
  };
}
