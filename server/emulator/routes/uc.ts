// uc service: buckets, domains, privacy, mirror source, region queries and the emulator's own info
// (docs/qiniu-protocol.md §8 "Buckets, domains, region").
import type { Tag } from "../bucket-settings";
import type { BucketRow } from "../buckets";
import type { Handler, RequestCtx } from "../core";
import { badRequest, decodeSegment, sendJson, sendOk, QiniuHttpError } from "../http";
import { urlsafeBase64DecodeToString } from "@/lib/qiniu/base64";
import { authedParams as authed, existingBucket } from "./common";
import { REGION_QUERIES } from "./region";
import { handleBucketRules } from "./uc-rules";
import { handleBucketSettings } from "./uc-settings";

type Route = (rc: RequestCtx) => Promise<void>;

/**
 * Field names and types of go-sdk storagev2/internal/api-specs/get_bucket_info.yml (ctime an RFC 3339 string), plus
 * no_refer / token_anti_leech that older go-sdk structs read.
 */
function bucketInfo(rc: RequestCtx, row: BucketRow) {
  const { settings } = rc.core.buckets;
  const refer = settings.get(row.name, "refer");
  return {
    source: row.mirror_source ?? "",
    host: row.mirror_host ?? "",
    private: row.private,
    region: row.region,
    zone: row.region,
    protected: settings.get(row.name, "protected"),
    no_index_page: settings.get(row.name, "noIndexPage"),
    max_age: settings.get(row.name, "maxAge"),
    anti_leech_mode: refer.mode,
    refer_wl: refer.mode === 1 ? refer.patterns : [],
    refer_bl: refer.mode === 2 ? refer.patterns : [],
    allow_empty_referer: refer.noRefer,
    no_refer: refer.noRefer,
    source_enabled: refer.sourceEnabled,
    token_anti_leech_mode: 0,
    token_anti_leech: 0,
    ctime: new Date(row.created_at).toISOString(),
    domains: rc.core.buckets.info(row).domains,
  };
}

const exact: Record<string, Route> = {
  "/__emulator": async (rc) => sendJson(rc.res, 200, rc.core.info()),
  ...REGION_QUERIES,
  "/buckets": async (rc) => {
    const match = tagCondition((await authed(rc)).get("tagCondition"));
    const { settings } = rc.core.buckets;
    sendJson(
      rc.res,
      200,
      rc.core.buckets
        .rows()
        .filter((b) => match(settings.get(b.name, "tags")))
        .map((b) => b.name),
    );
  },
  "/v3/buckets": async (rc) => {
    const p = await authed(rc);
    const region = p.get("region");
    const rows = rc.core.buckets.rows().filter((b) => !region || b.region === region);
    sendJson(
      rc.res,
      200,
      rows.map((b) => ({ id: b.name, tbl: b.name, region: b.region, zone: b.region, private: b.private, ctime: Math.floor(b.created_at / 1000) })),
    );
  },
  "/v2/domains": async (rc) => {
    const row = existingBucket(rc, (await authed(rc)).get("tbl"));
    sendJson(rc.res, 200, rc.core.buckets.info(row).domains);
  },
  "/v3/domains": async (rc) => {
    const row = existingBucket(rc, (await authed(rc)).get("tbl"));
    const t = Math.floor(row.created_at / 1000);
    sendJson(
      rc.res,
      200,
      rc.core.buckets.info(row).domains.map((domain) => ({ domain, tbl: row.name, uid: 1, refresh: false, ctime: t, utime: t })),
    );
  },
  "/v6/domain/list": async (rc) => {
    const row = existingBucket(rc, (await authed(rc)).get("tbl"));
    sendJson(rc.res, 200, rc.core.buckets.info(row).domains);
  },
  "/v2/bucketInfo": async (rc) => {
    const row = existingBucket(rc, (await authed(rc)).get("bucket"));
    sendJson(rc.res, 200, bucketInfo(rc, row));
  },
  // go-sdk BucketInfosInRegion: every bucket (of the region, when given) with its info.
  "/v2/bucketInfos": async (rc) => {
    const region = (await authed(rc)).get("region");
    const rows = rc.core.buckets.rows().filter((b) => !region || b.region === region);
    sendJson(
      rc.res,
      200,
      rows.map((row) => ({ name: row.name, info: bucketInfo(rc, row) })),
    );
  },
  "/private": async (rc) => {
    const p = await authed(rc);
    const row = existingBucket(rc, p.get("bucket"));
    const value = p.get("private");
    if (value !== "0" && value !== "1") throw badRequest("private must be 0 or 1");
    rc.core.buckets.setPrivate(row.name, value === "1");
    sendOk(rc.res);
  },
};

/**
 * `/buckets?tagCondition=<b64u("key=k1&value=v1;key=k2")>` (nodejs-sdk listBucket): buckets having every tag, with
 * the given value when one is given.
 */
function tagCondition(raw: string | null): (tags: Tag[]) => boolean {
  if (!raw) return () => true;
  const wanted = b64Arg(raw)
    .split(";")
    .filter(Boolean)
    .map((cond) => {
      const q = new URLSearchParams(cond);
      const key = q.get("key");
      if (!key) throw badRequest("invalid tagCondition");
      return { key, value: q.get("value") };
    });
  return (tags) => wanted.every((w) => tags.some((t) => t.Key === w.key && (w.value === null || t.Value === w.value)));
}

function b64Arg(seg: string | undefined): string {
  if (!seg) throw badRequest();
  try {
    return urlsafeBase64DecodeToString(decodeSegment(seg));
  } catch {
    throw badRequest("invalid base64 argument");
  }
}

const PREFIXED_OPS = new Set(["mkbucketv3", "drop", "image", "unimage"]);

async function prefixed(rc: RequestCtx): Promise<boolean> {
  if (!PREFIXED_OPS.has(rc.segs[0] ?? "")) return false;
  // Positional arguments: an empty segment must not shift the others (`/mkbucketv3//region/` is not bucket "region").
  if (
    rc.rawPath
      .replace(/\/+$/, "")
      .split("/")
      .slice(1)
      .some((s) => s === "")
  )
    throw badRequest("empty path segment");
  const [op, name, ...rest] = rc.segs.map(decodeSegment);
  switch (op) {
    case "mkbucketv3": {
      if (!name || (rest.length !== 0 && (rest.length !== 2 || rest[0] !== "region"))) throw badRequest();
      await authed(rc);
      await rc.core.createBucket(name, rest[1] ?? "z0", false);
      sendOk(rc.res);
      return true;
    }
    case "drop": {
      await authed(rc);
      existingBucket(rc, name ?? null);
      await rc.core.dropBucket(name);
      sendOk(rc.res);
      return true;
    }
    case "image": {
      // /image/<bucket>/from/<b64u source>[/host/<b64u host>]: mirror source for prefetch and 404 fall-through.
      await authed(rc);
      existingBucket(rc, name ?? null);
      if (rest[0] !== "from") throw badRequest();
      const source = b64Arg(rc.segs[3]);
      if (!/^https?:\/\//.test(source)) throw badRequest("mirror source must be an http(s) URL");
      const host = rest[2] === "host" ? b64Arg(rc.segs[5]) : null;
      rc.core.buckets.setMirror(name, source.replace(/\/+$/, ""), host);
      sendOk(rc.res);
      return true;
    }
    case "unimage": {
      await authed(rc);
      existingBucket(rc, name ?? null);
      rc.core.buckets.setMirror(name, null, null);
      sendOk(rc.res);
      return true;
    }
    default:
      return false;
  }
}

export const handleUc: Handler = async (rc) => {
  if ((await handleBucketSettings(rc)) || (await handleBucketRules(rc))) return true;
  const route = exact[rc.rawPath];
  if (route) {
    if (!["GET", "POST"].includes(rc.method)) throw new QiniuHttpError(405, "method not allowed");
    await route(rc);
    return true;
  }
  return prefixed(rc);
};
