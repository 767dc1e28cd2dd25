import "server-only";
import { z } from "zod";
import { regionHosts, type QiniuHosts, type RegionId, REGION_IDS } from "@/lib/qiniu/regions";
import { parseAntiLeechKeys, type AntiLeechKeyMap } from "@/lib/cdn/antileech-keys";
import { parseRoleMapping, type RoleMappingRule } from "@/lib/auth/role-mapping";
import { TrustedProxies } from "@/server/auth/trusted-proxies";

// The one place that reads process.env (conventions: configuration is validated once).
const trustedProxyList = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const optionalUrl = z.url({ protocol: /^https?$/ }).optional();
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const schema = z
  .object({
    QINIU_ACCESS_KEY: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    QINIU_SECRET_KEY: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    /** The default region: its hosts serve calls that name no bucket and buckets whose region lookup fails (README). */
    QINIU_REGION: z.preprocess(emptyToUndefined, z.enum(REGION_IDS).default("z0")),
    QINIU_USE_HTTPS: z.preprocess(emptyToUndefined, z.enum(["0", "1", "true", "false"]).default("1")),
    QINIU_UP_HOST: z.preprocess(emptyToUndefined, optionalUrl),
    QINIU_IO_HOST: z.preprocess(emptyToUndefined, optionalUrl),
    QINIU_RS_HOST: z.preprocess(emptyToUndefined, optionalUrl),
    QINIU_RSF_HOST: z.preprocess(emptyToUndefined, optionalUrl),
    QINIU_API_HOST: z.preprocess(emptyToUndefined, optionalUrl),
    QINIU_UC_HOST: z.preprocess(emptyToUndefined, optionalUrl),
    QINIU_FUSION_HOST: z.preprocess(emptyToUndefined, optionalUrl),
    QINIU_CDN_ANTILEECH_KEY: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    /** How long a read from Qiniu may take in all, retries included, before the panel says so (ms). */
    QINIU_READ_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(120_000).default(15_000)),
    /** The same for calls that change something (sent once, never retried). */
    QINIU_WRITE_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(600_000).default(60_000)),
    /** Per-domain anti-leech keys, overriding the domain API: `<domain>=<key>[|<backup>],…` (lib/cdn/antileech-keys.ts). */
    QINIU_CDN_ANTILEECH_KEYS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .optional()
        .superRefine((v, c) => {
          const parsed = parseAntiLeechKeys(v);
          if (!parsed.ok) c.addIssue({ code: "custom", message: parsed.error });
        }),
    ),
    /** Set by `npm start` when it runs the console on the embedded emulator. */
    CONSOLE_EMULATOR: z.preprocess(emptyToUndefined, z.enum(["0", "1"]).default("0")),
    DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    CONSOLE_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(".data/console")),
    CONSOLE_PUBLIC_URL: z.preprocess(emptyToUndefined, optionalUrl),
    NEXTAUTH_URL: z.preprocess(emptyToUndefined, optionalUrl),
    NEXTAUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)")),
    CONSOLE_ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.email().optional()),
    CONSOLE_ADMIN_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(10).optional()),
    /** Absolute session lifetime, however active the session is. */
    CONSOLE_SESSION_HOURS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .positive()
        .max(24 * 30)
        .default(12),
    ),
    /** A session unused this long ends (admins can change it on the Users page; that setting wins). */
    CONSOLE_SESSION_IDLE_MINUTES: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .min(0.1)
        .max(24 * 60)
        .default(30),
    ),
    CONSOLE_ALERTS_INTERVAL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(86_400).default(60)),
    CONSOLE_ALERTS_ALLOW_LOOPBACK: z.preprocess(emptyToUndefined, z.enum(["0", "1"]).default("0")),
    CONSOLE_LOGIN_MAX_FAILURES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(5)),
    CONSOLE_LOGIN_MAX_FAILURES_PER_IP: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(50)),
    CONSOLE_LOGIN_MAX_FAILURES_ACCOUNT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(20)),
    CONSOLE_LOGIN_DELAY_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(30)),
    CONSOLE_LOGIN_LOCK_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(15)),
    CONSOLE_LOGIN_FORGET_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(60)),
    /** Reverse proxies whose X-Forwarded-For is believed: addresses and CIDR ranges, comma-separated. */
    CONSOLE_TRUSTED_PROXY: z.preprocess(emptyToUndefined, z.string().optional()),
    OIDC_ISSUER: z.preprocess(emptyToUndefined, optionalUrl),
    OIDC_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    OIDC_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    OIDC_NAME: z.preprocess(emptyToUndefined, z.string().min(1).default("SSO")),
    /** JSON list of rules mapping the provider's claims to a console role and scopes (README: single sign-on). */
    OIDC_ROLE_MAPPING: z.preprocess(emptyToUndefined, z.string().optional()),
    /** "1": a provider identity that matches a mapping rule gets an account at first sign-in. */
    OIDC_CREATE_USERS: z.preprocess(emptyToUndefined, z.enum(["0", "1"]).default("0")),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.QINIU_ACCESS_KEY) !== Boolean(env.QINIU_SECRET_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: [env.QINIU_ACCESS_KEY ? "QINIU_SECRET_KEY" : "QINIU_ACCESS_KEY"],
        message: "QINIU_ACCESS_KEY and QINIU_SECRET_KEY must be set together",
      });
    }
    if (!env.QINIU_ACCESS_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["QINIU_ACCESS_KEY"],
        message: "is not set: start the console with `npm start` to use the embedded emulator, or set QINIU_ACCESS_KEY and QINIU_SECRET_KEY",
      });
    }
    try {
      new TrustedProxies(trustedProxyList(env.CONSOLE_TRUSTED_PROXY));
    } catch (err) {
      ctx.addIssue({
        code: "custom",
        path: ["CONSOLE_TRUSTED_PROXY"],
        message: `${(err as Error).message} (expected addresses or CIDR ranges, comma-separated)`,
      });
    }
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together" });
    }
    if (env.OIDC_ROLE_MAPPING) {
      const parsed = parseRoleMapping(env.OIDC_ROLE_MAPPING);
      if (typeof parsed === "string") ctx.addIssue({ code: "custom", path: ["OIDC_ROLE_MAPPING"], message: parsed });
    }
    if (env.CONSOLE_EMULATOR === "1") {
      for (const name of [
        "QINIU_UP_HOST",
        "QINIU_IO_HOST",
        "QINIU_RS_HOST",
        "QINIU_RSF_HOST",
        "QINIU_API_HOST",
        "QINIU_UC_HOST",
        "QINIU_FUSION_HOST",
      ] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required in emulator mode" });
      }
    }
  });

export interface ConsoleConfig {
  mode: "qiniu" | "emulator";
  qiniu: {
    accessKey: string;
    secretKey: string;
    region: RegionId;
    hosts: QiniuHosts;
    cdnAntiLeechKey?: string;
    cdnAntiLeechKeys: AntiLeechKeyMap;
    /** Whole-call limits in ms (QINIU_READ_TIMEOUT_MS, QINIU_WRITE_TIMEOUT_MS). */
    timeouts: { read: number; write: number };
  };
  database: { kind: "embedded"; dataDir: string } | { kind: "postgres"; url: string };
  dataDir: string;
  /** Where Qiniu can reach the console (upload callbacks, pfop notifications). */
  publicUrl: string;
  auth: {
    secret: string;
    url: string;
    /** Absolute session lifetime. */
    sessionHours: number;
    /** Idle timeout unless an admin set one (auth_settings). */
    idleMinutes: number;
    /** Failures before growing delays start, per account+source, per source and per account from unknown sources. */
    loginLimits: {
      perAccount: number;
      perIp: number;
      perAccountElsewhere: number;
      baseDelaySeconds: number;
      windowMinutes: number;
      lockMinutes: number;
    };
    /** CONSOLE_TRUSTED_PROXY: only requests from these proxies have their X-Forwarded-For believed (empty = none). */
    trustedProxies: string[];
    /** A generic OpenID Connect provider for single sign-on, when configured. */
    oidc?: { issuer: string; clientId: string; clientSecret: string; name: string; roleMapping: RoleMappingRule[]; createUsers: boolean };
  };
  bootstrapAdmin?: { email: string; password: string };
  /** CDN alerts (issue 21): how often rules are evaluated; whether webhooks may go to loopback/private addresses. */
  alerts: { intervalSeconds: number; allowLoopback: boolean };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid console configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Record<string, string | undefined>): ConsoleConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        const name = i.path.join(".") || "environment";
        const unset = i.code === "invalid_type" && env[name] === undefined;
        return `${name}: ${unset ? "is not set" : i.message}`;
      }),
    );
  }
  const e = result.data;
  const https = e.QINIU_USE_HTTPS === "1" || e.QINIU_USE_HTTPS === "true";
  const defaults = regionHosts(e.QINIU_REGION, https);
  const hosts: QiniuHosts = {
    up: e.QINIU_UP_HOST ?? defaults.up,
    io: e.QINIU_IO_HOST ?? defaults.io,
    rs: e.QINIU_RS_HOST ?? defaults.rs,
    rsf: e.QINIU_RSF_HOST ?? defaults.rsf,
    api: e.QINIU_API_HOST ?? defaults.api,
    uc: e.QINIU_UC_HOST ?? defaults.uc,
    fusion: e.QINIU_FUSION_HOST ?? defaults.fusion,
  };
  const authUrl = e.NEXTAUTH_URL ?? e.CONSOLE_PUBLIC_URL ?? "http://localhost:3000";
  return {
    mode: e.CONSOLE_EMULATOR === "1" ? "emulator" : "qiniu",
    qiniu: {
      accessKey: e.QINIU_ACCESS_KEY!,
      secretKey: e.QINIU_SECRET_KEY!,
      region: e.QINIU_REGION,
      hosts,
      cdnAntiLeechKey: e.QINIU_CDN_ANTILEECH_KEY,
      timeouts: { read: e.QINIU_READ_TIMEOUT_MS, write: e.QINIU_WRITE_TIMEOUT_MS },
      cdnAntiLeechKeys: (parseAntiLeechKeys(e.QINIU_CDN_ANTILEECH_KEYS) as { value: AntiLeechKeyMap }).value,
    },
    database: e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL } : { kind: "embedded", dataDir: `${e.CONSOLE_DATA_DIR}/db` },
    dataDir: e.CONSOLE_DATA_DIR,
    publicUrl: (e.CONSOLE_PUBLIC_URL ?? authUrl).replace(/\/+$/, ""),
    auth: {
      secret: e.NEXTAUTH_SECRET,
      url: authUrl,
      sessionHours: e.CONSOLE_SESSION_HOURS,
      idleMinutes: e.CONSOLE_SESSION_IDLE_MINUTES,
      loginLimits: {
        perAccount: e.CONSOLE_LOGIN_MAX_FAILURES,
        perIp: e.CONSOLE_LOGIN_MAX_FAILURES_PER_IP,
        perAccountElsewhere: e.CONSOLE_LOGIN_MAX_FAILURES_ACCOUNT,
        baseDelaySeconds: e.CONSOLE_LOGIN_DELAY_SECONDS,
        windowMinutes: e.CONSOLE_LOGIN_FORGET_MINUTES,
        lockMinutes: e.CONSOLE_LOGIN_LOCK_MINUTES,
      },
      trustedProxies: trustedProxyList(e.CONSOLE_TRUSTED_PROXY),
      oidc:
        e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
          ? {
              issuer: e.OIDC_ISSUER.replace(/\/+$/, ""),
              clientId: e.OIDC_CLIENT_ID,
              clientSecret: e.OIDC_CLIENT_SECRET,
              name: e.OIDC_NAME,
              roleMapping: e.OIDC_ROLE_MAPPING ? (parseRoleMapping(e.OIDC_ROLE_MAPPING) as RoleMappingRule[]) : [],
              createUsers: e.OIDC_CREATE_USERS === "1",
            }
          : undefined,
    },
    bootstrapAdmin: e.CONSOLE_ADMIN_EMAIL && e.CONSOLE_ADMIN_PASSWORD ? { email: e.CONSOLE_ADMIN_EMAIL, password: e.CONSOLE_ADMIN_PASSWORD } : undefined,
    alerts: { intervalSeconds: e.CONSOLE_ALERTS_INTERVAL_SECONDS, allowLoopback: e.CONSOLE_ALERTS_ALLOW_LOOPBACK === "1" },
  };
}

let cached: ConsoleConfig | undefined;

/** The validated configuration; parsed on first use (start-up calls it from instrumentation.ts). */
export function getConfig(): ConsoleConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Facts about the configuration that are safe to show in a browser (never keys). */
export function publicConfig() {
  const c = getConfig();
  return { mode: c.mode, region: c.qiniu.region, database: c.database.kind };
}
