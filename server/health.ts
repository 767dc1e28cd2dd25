import "server-only";
// What /api/health reports: the console is only healthy when its Qiniu (the embedded emulator or the real service)
// answers and its database does. Load balancers and the start script poll it, so the probe is cheap (one request
// per management host, any HTTP answer counts), time-boxed and cached for a few seconds.
import type { QiniuHosts } from "@/lib/qiniu/regions";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";

export type HealthPart = "emulator" | "qiniu" | "database";

export interface HealthReport {
  ok: boolean;
  mode: "qiniu" | "emulator";
  /** What does not answer; only names, never hosts (the route is public). */
  down?: HealthPart[];
}

export const PROBE_TIMEOUT_MS = 2000;
export const CACHE_MS = 3000;

/**
 * True when every host answers HTTP at all. A 4xx is fine: reachability is the question, and an unsigned request
 * costs nothing on Qiniu's side. rs and uc: bucket management, listings and region queries all go through them.
 */
export async function upstreamReachable(hosts: Pick<QiniuHosts, "rs" | "uc">, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const targets = [...new Set([hosts.rs, hosts.uc])];
  const answers = await Promise.all(
    targets.map((base) =>
      fetch(new URL("/", base), { method: "GET", redirect: "manual", signal: AbortSignal.timeout(timeoutMs), cache: "no-store" }).then(
        async (res) => {
          await res.body?.cancel();
          return true;
        },
        () => false,
      ),
    ),
  );
  return answers.every(Boolean);
}

async function databaseAnswers(timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([
      getDb()
        .query("select 1 as one")
        .then(
          () => true,
          () => false,
        ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

let cached: { at: number; report: Promise<HealthReport> } | undefined;

/** The current report; concurrent and repeated polls within CACHE_MS share one probe. */
export function consoleHealth(now = Date.now()): Promise<HealthReport> {
  if (cached && now - cached.at < CACHE_MS) return cached.report;
  const report = probe();
  cached = { at: now, report };
  return report;
}

async function probe(): Promise<HealthReport> {
  const { mode, qiniu } = getConfig();
  const [upstream, database] = await Promise.all([upstreamReachable(qiniu.hosts), databaseAnswers()]);
  const down: HealthPart[] = [];
  if (!upstream) down.push(mode);
  if (!database) down.push("database");
  return down.length === 0 ? { ok: true, mode } : { ok: false, mode, down };
}
