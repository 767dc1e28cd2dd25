// Region queries on the uc host (docs/qiniu-protocol.md §8): `/v4/query`, `/v3/query`, `/v2/query?ak=&bucket=`, no auth.
// Each version has its own shape, as the SDKs read them (field names checked against go-sdk
// storagev2/internal/api-specs/query_bucket_v2.yml and query_bucket_v4.yml):
//   v4 (nodejs-sdk httpc/regionsProvider.js, python-sdk region.py): {hosts:[{region, ttl, up:{domains, old}, io:{domains}, …}]}
//   v3 (java-sdk AutoRegion): {hosts:[{region, ttl, up:{acc:{main, backup}, src:{main, backup}}, io:{src:{main}}, rs:{acc:{main}}, …}]}
//   v2 (qiniu-js, older SDKs): the v3 entry itself, not wrapped in `hosts`.
// An unknown access key answers 612 "app/accesskey is not found" (python-sdk test_regions_provider.py expects 612),
// a bucket the key does not own 631; the hosts are those of the bucket's region (regions.ts) "no such bucket" (qshell tests: "query region error, no such bucket").
import type { RequestCtx } from "../core";
import { badRequest, noSuchBucket, QiniuHttpError, sendJson } from "../http";
import { homeRegion } from "../regions";

const TTL = 86400;

/** host[:port] without scheme: the SDKs add the scheme themselves. */
const hostOf = (url: string) => new URL(url).host;

interface RegionHosts {
  region: string;
  /** Primary and backup up hosts (two listeners of the up service). */
  up: string[];
  io: string;
  uc: string;
  rs: string;
  rsf: string;
  api: string;
}

function regionOf(rc: RequestCtx): RegionHosts {
  const ak = rc.query.get("ak");
  const bucket = rc.query.get("bucket");
  if (!ak) throw badRequest("ak is required");
  if (!rc.core.keys.secretFor(ak)) throw new QiniuHttpError(612, "app/accesskey is not found");
  if (!bucket) throw badRequest("bucket is required");
  const row = rc.core.buckets.row(bucket);
  if (!row) throw noSuchBucket();
  // The bucket's own region's listeners; uc is shared.
  const ep = rc.core.regions[homeRegion(row.region)];
  return {
    region: row.region,
    up: ep.up.map(hostOf),
    io: hostOf(ep.io),
    uc: hostOf(rc.core.ctx.endpoints.uc),
    rs: hostOf(ep.rs),
    rsf: hostOf(ep.rsf),
    api: hostOf(ep.api),
  };
}

function v4Entry(h: RegionHosts) {
  const d = (host: string) => ({ domains: [host] });
  return {
    region: h.region,
    ttl: TTL,
    up: { domains: h.up, acc_domains: h.up, old: [] as string[] },
    io: d(h.io),
    io_src: d(h.io),
    uc: d(h.uc),
    rs: d(h.rs),
    rsf: d(h.rsf),
    api: d(h.api),
    s3: { domains: [h.up[0]], region_alias: "cn-east-1" },
  };
}

function v2Entry(h: RegionHosts) {
  const acc = (host: string) => ({ acc: { main: [host] } });
  const [main, ...backup] = h.up;
  const up = { main: [main], backup };
  const none = { main: [] as string[], info: "" };
  return {
    region: h.region,
    ttl: TTL,
    up: { acc: up, src: up, old_acc: none, old_src: none },
    io: { src: { main: [h.io] } },
    io_src: { src: { main: [h.io] } },
    uc: acc(h.uc),
    rs: acc(h.rs),
    rsf: acc(h.rsf),
    api: acc(h.api),
    s3: { region_alias: "cn-east-1", src: { main: [h.up[0]] } },
  };
}

export const REGION_QUERIES: Record<string, (rc: RequestCtx) => Promise<void>> = {
  "/v4/query": async (rc) => sendJson(rc.res, 200, { hosts: [v4Entry(regionOf(rc))] }),
  "/v3/query": async (rc) => sendJson(rc.res, 200, { hosts: [v2Entry(regionOf(rc))] }),
  "/v2/query": async (rc) => sendJson(rc.res, 200, v2Entry(regionOf(rc))),
};
