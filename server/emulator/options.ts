// Command-line flags and environment variables of the emulator (documented in README.md).
// The emulator is a program of its own: this is the one file of it that reads process.env.
import path from "node:path";

export interface KeyPair {
  accessKey: string;
  secretKey: string;
}

export interface EmulatorOptions {
  dataDir: string;
  /** Address to listen on (loopback by default). */
  host: string;
  /** First port (up); the others follow (see SERVICE_OFFSETS). 0 = every port ephemeral. */
  port: number;
  seed: boolean;
  /** The first pair is the default one. */
  keys: KeyPair[];
  /** Allow callbacks and pfop notifications to loopback even when listening on a non-loopback address. */
  allowLoopbackCallbacks: boolean;
  /** Allow fetch / mirror prefetch from loopback: for tests only (Qiniu's servers cannot reach your machine). */
  allowLoopbackFetch: boolean;
  /** Extra hosts (host, host:port or *.domain) that fetch, callbacks and notifications may reach. */
  fetchAllowlist: string[];
  /** Length of a lifecycle "day" in seconds (deleteAfterDays, restoreAr, transitions). */
  daySeconds: number;
  /** Seconds an archive restore takes. */
  restoreSeconds: number;
  /** Interval of the background sweep (lifecycle, expired uploads), in milliseconds. */
  sweepIntervalMs: number;
  /** Callback request timeout in milliseconds. */
  callbackTimeoutMs: number;
  /** Size limit of the cache of URL-triggered fop outputs (thumbnails), in bytes. */
  fopCacheBytes: number;
  /** Time budget of one URL-triggered fop run, in milliseconds. */
  fopTimeoutMs: number;
  /** Directory for cached generated seed media (images, video), shared between data dirs. */
  seedCacheDir?: string;
  quiet: boolean;
}

export const DEFAULT_KEYS: KeyPair = { accessKey: "demo-access-key", secretKey: "demo-secret-key-change-me" };
export const DEFAULT_PORT = 9400;

export class OptionsError extends Error {}

function flagValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === name) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new OptionsError(`${name} needs a value`);
      return v;
    }
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

function intValue(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new OptionsError(`${name} must be a number between ${min} and ${max} (got "${raw}")`);
  return n;
}

function parseKeys(env: Record<string, string | undefined>): KeyPair[] {
  const first: KeyPair = {
    accessKey: env.EMULATOR_ACCESS_KEY || DEFAULT_KEYS.accessKey,
    secretKey: env.EMULATOR_SECRET_KEY || DEFAULT_KEYS.secretKey,
  };
  const keys = [first];
  for (const pair of (env.EMULATOR_KEYS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = pair.indexOf(":");
    if (i <= 0 || i === pair.length - 1) throw new OptionsError(`EMULATOR_KEYS: "${pair}" is not ak:sk`);
    keys.push({ accessKey: pair.slice(0, i), secretKey: pair.slice(i + 1) });
  }
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.accessKey)) throw new OptionsError(`access key "${k.accessKey}" is given twice`);
    seen.add(k.accessKey);
  }
  return keys;
}

const truthy = (v: string | undefined) => v === "1" || v === "true" || v === "yes";

export function parseOptions(argv: string[], env: Record<string, string | undefined>): EmulatorOptions {
  const known = new Set(["--seed", "--data-dir", "--host", "--port", "--quiet", "--allow-loopback-fetch"]);
  for (const a of argv) {
    if (a.startsWith("--") && !known.has(a.split("=")[0])) throw new OptionsError(`unknown option ${a}`);
  }
  const dataDir = path.resolve(flagValue(argv, "--data-dir") ?? env.EMULATOR_DATA_DIR ?? ".data/emulator");
  return {
    dataDir,
    host: flagValue(argv, "--host") ?? env.EMULATOR_HOST ?? "127.0.0.1",
    port: intValue("port", flagValue(argv, "--port") ?? env.EMULATOR_PORT, DEFAULT_PORT, 0, 65000),
    seed: argv.includes("--seed"),
    keys: parseKeys(env),
    allowLoopbackCallbacks: truthy(env.EMULATOR_ALLOW_LOOPBACK_CALLBACKS),
    allowLoopbackFetch: argv.includes("--allow-loopback-fetch") || truthy(env.EMULATOR_ALLOW_LOOPBACK_FETCH),
    fetchAllowlist: (env.EMULATOR_FETCH_ALLOWLIST ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    daySeconds: intValue("EMULATOR_DAY_SECONDS", env.EMULATOR_DAY_SECONDS, 86400, 0.001, 86400 * 365),
    restoreSeconds: intValue("EMULATOR_RESTORE_SECONDS", env.EMULATOR_RESTORE_SECONDS, 5, 0, 86400),
    sweepIntervalMs: intValue("EMULATOR_SWEEP_MS", env.EMULATOR_SWEEP_MS, 60_000, 50, 86_400_000),
    callbackTimeoutMs: intValue("EMULATOR_CALLBACK_TIMEOUT_MS", env.EMULATOR_CALLBACK_TIMEOUT_MS, 10_000, 100, 600_000),
    fopCacheBytes: intValue("EMULATOR_FOP_CACHE_MB", env.EMULATOR_FOP_CACHE_MB, 256, 1, 1_000_000) * 1024 * 1024,
    fopTimeoutMs: intValue("EMULATOR_FOP_TIMEOUT_MS", env.EMULATOR_FOP_TIMEOUT_MS, 30_000, 100, 600_000),
    seedCacheDir: env.EMULATOR_SEED_CACHE || undefined,
    quiet: argv.includes("--quiet") || truthy(env.EMULATOR_QUIET),
  };
}
