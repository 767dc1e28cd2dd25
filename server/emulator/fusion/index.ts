// The emulated Qiniu Fusion CDN API (docs/qiniu-protocol.md §10), plugged into the emulator core through FusionService.
// Shapes, codes and rules: server/emulator/fusion/README.md.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext, FusionService, TrafficRecord } from "../types";
import { toHttpError, QiniuHttpError } from "../http";
import { AnalysisService, ANALYSIS_OPS, type AnalysisOp } from "./analysis";
import { AntiLeechKeys } from "./antileech";
import { domainInfo } from "./domain-api";
import { DomainDirectory, normalizeDomain } from "./domains";
import { authenticate, FusionCode, FusionError, parseJsonObject, readRequest, sendFusion, sendFusionError } from "./http";
import { LogService } from "./logs";
import { resolveFusionOptions, type FusionOptions } from "./options";
import { createFusionTables } from "./schema";
import { seededTraffic } from "./seed";
import { TaskService } from "./tasks";
import { Clock } from "./time";
import { RegionClassifier, TrafficStore } from "./traffic";
import { UsageService } from "./usage";

export type { FusionOptions } from "./options";
export { checkTimestampAntiLeech } from "./antileech";

export interface FusionServiceWithStats extends FusionService {
  /** Used daily quotas (tests, console hints). */
  usage(): { urls: number; dirs: number; prefetch: number };
}

type Handler = (body: Record<string, unknown>, accessKey: string) => Record<string, unknown> | Promise<Record<string, unknown>>;

export function createFusionService(ctx: EmulatorContext, opts: FusionOptions = {}): FusionServiceWithStats {
  const options = resolveFusionOptions(opts);
  createFusionTables(ctx.db);
  const clock = new Clock(options.utcOffsetMinutes, options.now);
  const domains = new DomainDirectory(ctx);
  const regions = new RegionClassifier(options.overseaCidrs);
  const traffic = new TrafficStore(ctx.db, regions);
  const tasks = new TaskService(ctx.db, ctx, domains, traffic, clock, options);
  const usage = new UsageService(ctx.db, domains, clock);
  const analysis = new AnalysisService(ctx.db, domains, clock);
  const logs = new LogService(ctx.db, ctx, domains, clock, options);
  const antiLeech = new AntiLeechKeys(options.antiLeech, domains);

  const routes: Record<string, Handler> = {
    "/v2/tune/refresh": (b) => tasks.refresh(b),
    "/v2/tune/prefetch": (b) => tasks.prefetch(b),
    "/v2/tune/refresh/list": (b) => tasks.list("refresh", b),
    "/v2/tune/prefetch/list": (b) => tasks.list("prefetch", b),
    "/v2/tune/flux": (b) => usage.query("flux", b),
    "/v2/tune/bandwidth": (b) => usage.query("bandwidth", b),
    "/v2/tune/log/list": (b, ak) => logs.list(b, ak),
  };
  for (const op of ANALYSIS_OPS) routes[`/v2/tune/loganalyze/${op}`] = (b) => analysis.run(op as AnalysisOp, b);

  async function handleApi(req: IncomingMessage, res: ServerResponse, handler: Handler): Promise<void> {
    try {
      if (req.method !== "POST") throw new FusionError(FusionCode.invalidParams, "method not allowed: use POST", {}, 405);
      const raw = await readRequest(req);
      const accessKey = authenticate(ctx, req, raw);
      sendFusion(res, await handler(parseJsonObject(raw), accessKey));
    } catch (err) {
      if (err instanceof FusionError) return sendFusionError(res, err);
      const httpErr = err instanceof QiniuHttpError ? err : toHttpError(err);
      if (!(err instanceof QiniuHttpError)) ctx.log(`fusion: ${req.url}: ${err instanceof Error ? err.stack : String(err)}`);
      const code = httpErr.status === 413 ? FusionCode.invalidParams : FusionCode.internal;
      sendFusion(res, { code, error: httpErr.message }, httpErr.status === 413 ? 413 : 500);
    }
  }

  return {
    async handle(req, res, url) {
      const handler = routes[url.pathname];
      if (handler) {
        await handleApi(req, res, handler);
        return true;
      }
      if (url.pathname.startsWith("/domain/") && req.method === "GET" && !url.pathname.slice(8).includes("/")) {
        try {
          authenticate(ctx, req, await readRequest(req));
          const { status, body } = domainInfo(url.pathname.slice(8), domains, antiLeech);
          sendFusion(res, body, status);
        } catch (err) {
          if (err instanceof FusionError) sendFusionError(res, err);
          else throw err;
        }
        return true;
      }
      if (url.pathname.startsWith("/logs/") && (req.method === "GET" || req.method === "HEAD")) {
        await logs.download(req, res);
        return true;
      }
      return false;
    },

    recordTraffic(record: TrafficRecord) {
      try {
        traffic.record({ ...record, domain: normalizeDomain(record.domain) });
      } catch (err) {
        // A failed statistics write must never break downloads.
        ctx.log(`fusion: could not record traffic: ${err instanceof Error ? err.message : String(err)}`);
      }
    },

    seedHistory(seedDomains: string[], days: number) {
      const seededKey = (d: string) => `seeded:${d}`;
      const isSeeded = ctx.db.prepare("SELECT 1 FROM fusion_meta WHERE key = ?");
      const mark = ctx.db.prepare("INSERT OR REPLACE INTO fusion_meta (key, value) VALUES (?, ?)");
      for (const d of new Set(seedDomains.map(normalizeDomain))) {
        if (isSeeded.get(seededKey(d))) continue;
        const bucket = domains.bucketOf(d) ?? "";
        const rows = seededTraffic(d, bucket, days, clock, options.seedPeakRequestsPerSlot, (ip) => regions.classify(ip));
        let n = 0;
        ctx.db.transaction(() => {
          n = traffic.insertRaw(rows);
          traffic.rebuildRollup(d);
          mark.run(seededKey(d), JSON.stringify({ at: clock.now(), days, rows: n }));
        })();
        logs.invalidate(d);
        ctx.log(`fusion: seeded ${n} requests of history for ${d}`);
      }
    },

    antiLeechKey(domain: string) {
      return antiLeech.keyFor(domain);
    },

    antiLeechKeys(domain: string) {
      return antiLeech.keysFor(domain);
    },

    usage() {
      return tasks.usage();
    },

    async close() {
      // Nothing runs in the background: task states are derived from their creation time.
    },
  };
}
