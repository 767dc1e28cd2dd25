// Every fast-check property in vitest runs from one fixed seed, so `npm test` gives the same answer every run (issue 24).
// FUZZ_SEED replays a seed; FUZZ_FRESH=1 (set by `npm run fuzz`) draws a new one and prints it.
import fc from "fast-check";
import { FIXED_FUZZ_SEED } from "./fuzz-seed";

const given = process.env.FUZZ_SEED;
const seed = given ? Number(given) : process.env.FUZZ_FRESH ? Math.floor(Math.random() * 2 ** 31) : FIXED_FUZZ_SEED;
if (seed !== FIXED_FUZZ_SEED) console.log(`[fast-check] seed ${seed} (replay with FUZZ_SEED=${seed})`);
fc.configureGlobal({ seed });
