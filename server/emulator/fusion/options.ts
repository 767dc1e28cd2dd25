// Settings of the emulated Fusion CDN. Each can be given to createFusionService() or through the environment;
// explicit options win. The formats are documented in server/emulator/fusion/README.md.

export interface FusionQuotas {
  /** URL refreshes per day (Qiniu default 500). */
  urlRefreshPerDay: number;
  /** Directory refreshes per day (10). */
  dirRefreshPerDay: number;
  /** Prefetched URLs per day (100). */
  prefetchPerDay: number;
}

export interface FusionLimits {
  /** URLs in one refresh request (60). */
  urlsPerRequest: number;
  /** Directories in one refresh request (10). */
  dirsPerRequest: number;
  /** URLs in one prefetch request (60). */
  prefetchUrlsPerRequest: number;
}

export interface FusionOptions {
  quotas?: Partial<FusionQuotas>;
  limits?: Partial<FusionLimits>;
  /** Timestamp anti-leech keys by domain (`host:port`), bucket name, or `*` for every domain. */
  antiLeech?: Record<string, string>;
  /** Client IPs in these CIDR blocks count as oversea traffic; everything else (loopback included) is china. */
  overseaCidrs?: string[];
  /** UTC offset of Qiniu's calendar in minutes (480 = Beijing time). */
  utcOffsetMinutes?: number;
  /** How long refresh/prefetch tasks stay "processing" (ms). */
  taskDelayMs?: number;
  /** Lifetime of log download links (seconds). */
  logLinkTtlSeconds?: number;
  /** Average requests per 5-minute slot at the daily peak in seeded history, per domain. */
  seedPeakRequestsPerSlot?: number;
  /** Clock (unix ms), injectable for tests. */
  now?: () => number;
  /** Environment to read EMULATOR_CDN_* settings from (defaults to process.env). */
  env?: Record<string, string | undefined>;
}

export interface ResolvedFusionOptions {
  quotas: FusionQuotas;
  limits: FusionLimits;
  antiLeech: Record<string, string>;
  overseaCidrs: string[];
  utcOffsetMinutes: number;
  taskDelayMs: number;
  logLinkTtlSeconds: number;
  seedPeakRequestsPerSlot: number;
  now: () => number;
}

export const DEFAULT_QUOTAS: FusionQuotas = { urlRefreshPerDay: 500, dirRefreshPerDay: 10, prefetchPerDay: 100 };
export const DEFAULT_LIMITS: FusionLimits = { urlsPerRequest: 60, dirsPerRequest: 10, prefetchUrlsPerRequest: 60 };
/** RFC 5737 documentation ranges: the seeded history draws its oversea visitors from these. */
export const DEFAULT_OVERSEA_CIDRS = ["198.51.100.0/24", "203.0.113.0/24"];

export class FusionConfigError extends Error {}

/** Parses `a=1,b=2` into pairs; values may contain `=` (the split is at the first one). */
function pairs(name: string, text: string | undefined): Array<[string, string]> {
  if (!text?.trim()) return [];
  return text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf("=");
      if (i <= 0) throw new FusionConfigError(`${name}: expected name=value, got "${p}"`);
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as [string, string];
    });
}

function count(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new FusionConfigError(`${name}: "${value}" is not a whole number ≥ 0`);
  return n;
}

function numbers<T extends object>(name: string, text: string | undefined, keys: Record<string, keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of pairs(name, text)) {
    const key = keys[k];
    if (!key) throw new FusionConfigError(`${name}: unknown name "${k}" (known: ${Object.keys(keys).join(", ")})`);
    (out as Record<keyof T, number>)[key] = count(name, v);
  }
  return out;
}

function optionalCount(name: string, text: string | undefined): number | undefined {
  return text?.trim() ? count(name, text.trim()) : undefined;
}

/** Reads EMULATOR_CDN_* variables (see README.md). Throws FusionConfigError with the variable's name when malformed. */
export function fusionOptionsFromEnv(env: Record<string, string | undefined>): FusionOptions {
  const offset = env.EMULATOR_CDN_UTC_OFFSET?.trim();
  return {
    quotas: numbers<FusionQuotas>("EMULATOR_CDN_QUOTAS", env.EMULATOR_CDN_QUOTAS, {
      url: "urlRefreshPerDay",
      dir: "dirRefreshPerDay",
      prefetch: "prefetchPerDay",
    }),
    limits: numbers<FusionLimits>("EMULATOR_CDN_LIMITS", env.EMULATOR_CDN_LIMITS, {
      url: "urlsPerRequest",
      dir: "dirsPerRequest",
      prefetch: "prefetchUrlsPerRequest",
    }),
    antiLeech: Object.fromEntries(pairs("EMULATOR_CDN_ANTILEECH", env.EMULATOR_CDN_ANTILEECH)),
    overseaCidrs: env.EMULATOR_CDN_OVERSEA_CIDRS?.trim()
      ? env.EMULATOR_CDN_OVERSEA_CIDRS.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    utcOffsetMinutes: offset ? Number(offset) : undefined,
    taskDelayMs: optionalCount("EMULATOR_CDN_TASK_DELAY_MS", env.EMULATOR_CDN_TASK_DELAY_MS),
  };
}

export function resolveFusionOptions(opts: FusionOptions): ResolvedFusionOptions {
  const fromEnv = fusionOptionsFromEnv(opts.env ?? process.env);
  const offset = opts.utcOffsetMinutes ?? fromEnv.utcOffsetMinutes ?? 480;
  if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60 || offset % 5 !== 0) {
    throw new FusionConfigError(`EMULATOR_CDN_UTC_OFFSET: "${offset}" must be whole minutes, a multiple of 5, within ±840`);
  }
  return {
    quotas: { ...DEFAULT_QUOTAS, ...fromEnv.quotas, ...opts.quotas },
    limits: { ...DEFAULT_LIMITS, ...fromEnv.limits, ...opts.limits },
    antiLeech: { ...fromEnv.antiLeech, ...opts.antiLeech },
    overseaCidrs: opts.overseaCidrs ?? fromEnv.overseaCidrs ?? DEFAULT_OVERSEA_CIDRS,
    utcOffsetMinutes: offset,
    taskDelayMs: opts.taskDelayMs ?? fromEnv.taskDelayMs ?? 3000,
    logLinkTtlSeconds: opts.logLinkTtlSeconds ?? 24 * 3600,
    seedPeakRequestsPerSlot: opts.seedPeakRequestsPerSlot ?? 5,
    now: opts.now ?? Date.now,
  };
}
