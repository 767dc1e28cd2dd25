// Seeds for the fuzzers (test/integration/security/emulator-fuzz.test.ts, test/e2e/action-fuzz.spec.ts). `npm test`
// uses a fixed seed, so the suite gives the same answer every run; `npm run fuzz` (scripts/fuzz.mjs) sets FUZZ_FRESH=1
// to draw a new seed and FUZZ_RUNS_FACTOR for longer runs. A given seed (FUZZ_SEED, or the fuzzer's own variable)
// replays a run. Every run prints its seed; a failing seed found this way becomes a fixed regression case in its test.
export const FIXED_FUZZ_SEED = 20_261_204;

export function fuzzSeed(name: string, envVar = "FUZZ_SEED"): number {
  const given = process.env[envVar] ?? process.env.FUZZ_SEED;
  const fresh = !given && Boolean(process.env.FUZZ_FRESH);
  const seed = given ? Number(given) : fresh ? Math.floor(Math.random() * 2 ** 31) : FIXED_FUZZ_SEED;
  console.log(`[fuzz] ${name}: seed ${seed} (${given ? "given" : fresh ? "fresh" : "fixed"}; replay with ${envVar}=${seed})`);
  return seed;
}

/** `n` runs, times FUZZ_RUNS_FACTOR under `npm run fuzz`. */
export function fuzzRuns(n: number): number {
  const factor = Number(process.env.FUZZ_RUNS_FACTOR ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}
