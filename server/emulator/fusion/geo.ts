// Where a visitor is, for the region and ISP breakdowns of log analysis (`/v2/tune/loganalyze/traffic` and
// `/bandwidth`, developer.qiniu.com/fusion/4081: `regions` and `isp`). The emulator has no IP database: china or
// oversea comes from the configured CIDRs (traffic.ts RegionClassifier); inside china a province and an ISP are
// picked from a hash of the address, so one visitor always lands in the same place and tests can predict it.

/** Province codes the emulator spreads china traffic over (Qiniu's region names are pinyin, e.g. "beijing"). */
export const CHINA_PROVINCES = ["beijing", "shanghai", "guangdong", "zhejiang", "jiangsu", "sichuan", "hubei", "shandong"] as const;
/** Qiniu's ISP names (doc 4081): telecom, unicom, mobile, drpeng, tietong, cernet; oversea visitors are "others". */
export const ISPS = ["telecom", "unicom", "mobile", "drpeng", "tietong", "cernet"] as const;
export const GEO_REGIONS: readonly string[] = ["global", "china", "oversea", ...CHINA_PROVINCES];
export const GEO_ISPS: readonly string[] = ["all", ...ISPS, "others"];

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface Geo {
  area: "china" | "oversea";
  /** a CHINA_PROVINCES code, or "oversea" */
  province: string;
  isp: string;
}

export function geoOf(ip: string, area: "china" | "oversea"): Geo {
  if (area === "oversea") return { area, province: "oversea", isp: "others" };
  const h = fnv1a(ip);
  return { area, province: CHINA_PROVINCES[h % CHINA_PROVINCES.length], isp: ISPS[(h >>> 8) % ISPS.length] };
}

/** Does a visitor fall inside the asked regions (any of them) and ISP? */
export function geoMatches(g: Geo, regions: readonly string[], isp: string): boolean {
  const inRegion = regions.some((r) => r === "global" || r === g.area || r === g.province);
  return inRegion && (isp === "all" || isp === g.isp);
}
