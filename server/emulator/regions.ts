// Regions of the emulator: z0 and z1 each have their own up (primary + backup), rs, rsf, api and io listeners; uc,
// fusion and the bucket domains are shared. A bucket lives in the region it was created in; a regional host refuses
// a bucket of the other region the way Qiniu refuses an upload to the wrong region (README "Regions").
import { parseScope } from "@/lib/qiniu/policy";
import { verifyUploadToken, type VerifiedUploadToken } from "./auth";
import type { RequestCtx } from "./core";
import { QiniuHttpError } from "./http";

export const SERVED_REGIONS = ["z0", "z1"] as const;
export type ServedRegion = (typeof SERVED_REGIONS)[number];
export type RegionalService = "up" | "rs" | "rsf" | "api" | "io";

/** Port block of each region in fixed-port mode: z1's services sit 200 above z0's (past the bucket domains). */
export const REGION_PORT_BLOCK: Record<ServedRegion, number> = { z0: 0, z1: 200 };

/** Base URLs (http://host:port) of one region's listeners; `up` is [primary, backup]. */
export interface RegionEndpoints {
  up: string[];
  rs: string;
  rsf: string;
  api: string;
  io: string;
}

/** The served region whose hosts take a bucket: z2, na0, as0 and cn-east-2 buckets are served by z0's hosts. */
export function homeRegion(bucketRegion: string): ServedRegion {
  return (SERVED_REGIONS as readonly string[]).includes(bucketRegion) ? (bucketRegion as ServedRegion) : "z0";
}

const hostOf = (url: string) => new URL(url).host;

/** The right host of `service` for bucket `name`, or undefined when the request's listener may serve it. */
function rightHost(rc: RequestCtx, name: string, service: RegionalService): string | undefined {
  if (!rc.region) return undefined;
  const row = rc.core.buckets.row(name);
  // A bucket that does not exist is the route's own 631.
  if (!row) return undefined;
  const home = homeRegion(row.region);
  if (home === rc.region) return undefined;
  const ep = rc.core.regions[home];
  return hostOf(service === "up" ? ep.up[0] : ep[service]);
}

/**
 * Refuses a bucket of another region on a regional listener: HTTP 400 `incorrect region, please use <host>`, as Qiniu's
 * up service answers (the rs/rsf/api/io answer is not published; the emulator answers the same, see README).
 */
export function checkRegion(rc: RequestCtx, bucket: string, service: RegionalService): void {
  const host = rightHost(rc, bucket, service);
  if (host) throw new QiniuHttpError(400, `incorrect region, please use ${host}`);
}

/** An upload token verified, and refused when its bucket belongs to another region than this up listener's. */
export function regionalUploadToken(rc: RequestCtx, token: string | undefined): VerifiedUploadToken {
  const verified = verifyUploadToken(rc.core.keys, token);
  checkRegion(rc, parseScope(verified.policy.scope).bucket, "up");
  return verified;
}
