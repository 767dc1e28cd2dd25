// Default service hosts per region (docs/qiniu-protocol.md §11.1).
export const REGION_IDS = ["z0", "z1", "z2", "na0", "as0", "cn-east-2"] as const;
export type RegionId = (typeof REGION_IDS)[number];

/** Base URLs (scheme + host[:port], no trailing slash) of each Qiniu service. */
export interface QiniuHosts {
  up: string;
  io: string;
  rs: string;
  rsf: string;
  api: string;
  uc: string;
  fusion: string;
}

export function regionHosts(region: RegionId, https = true): QiniuHosts {
  const s = https ? "https://" : "http://";
  const r = region === "z0" ? "" : `-${region}`;
  return {
    up: `${s}upload${r}.qiniup.com`,
    io: `${s}iovip${r}.qiniuio.com`,
    rs: `${s}rs-${region}.qiniuapi.com`,
    rsf: `${s}rsf-${region}.qiniuapi.com`,
    api: `${s}api-${region}.qiniuapi.com`,
    uc: `${s}uc.qiniuapi.com`,
    fusion: `${s}fusion.qiniuapi.com`,
  };
}
