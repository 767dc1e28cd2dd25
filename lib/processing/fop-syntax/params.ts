import type { FopErrorCode, FopSyntaxError, Parsed } from "./types";

/** Thrown inside the per-fop parsers and turned into a `Parsed` failure at the top; never escapes the module. */
export class FopParseFailure extends Error {
  constructor(public readonly detail: FopSyntaxError) {
    super(detail.message);
  }
}

export function fail(code: FopErrorCode, fields: Omit<FopSyntaxError, "code" | "message">, message: string): never {
  throw new FopParseFailure({ code, ...fields, message });
}

export function catchFailure<T>(fn: () => T): Parsed<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof FopParseFailure) return { ok: false, error: e.detail };
    throw e;
  }
}

/** `k/v/k/v` pairs after the fop name (and its positional argument). Unknown or repeated names are errors. */
export function readPairs(fop: string, tokens: string[], allowed: readonly string[]): Map<string, string> {
  const pairs = new Map<string, string>();
  for (let i = 0; i < tokens.length; i += 2) {
    const name = tokens[i];
    if (!allowed.includes(name)) {
      fail("unknownParam", { fop, param: name, expected: allowed.join(", ") }, `${fop}: unknown parameter "${name}"`);
    }
    if (pairs.has(name)) fail("duplicateParam", { fop, param: name }, `${fop}: parameter "${name}" is given twice`);
    const value = tokens[i + 1];
    if (value === undefined || value === "") {
      fail("badArg", { fop, param: name, value: "" }, `${fop}: parameter "${name}" needs a value`);
    }
    pairs.set(name, value);
  }
  return pairs;
}

export function int(fop: string, param: string, value: string, min: number, max: number): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    fail("badArg", { fop, param, value, expected: `${min}-${max}` }, `${fop}: "${param}" must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return Number(value);
}

/** Seconds with optional decimals, e.g. `7`, `1.5`. */
export function seconds(fop: string, param: string, value: string, max = 86_400): number {
  if (!/^\d{1,6}(\.\d{1,3})?$/.test(value) || Number(value) > max) {
    fail("badArg", { fop, param, value, expected: `0-${max}` }, `${fop}: "${param}" must be a number of seconds from 0 to ${max} (got "${value}")`);
  }
  return Number(value);
}

/** Qiniu bit rates: `128k`, `1.25m`, or plain bits per second (`64000`). */
export function bitrate(fop: string, param: string, value: string): number {
  const m = /^(\d{1,9}(?:\.\d{1,3})?)([kKmM]?)$/.exec(value);
  const bps = m ? Math.round(Number(m[1]) * (m[2] === "" ? 1 : m[2].toLowerCase() === "k" ? 1_000 : 1_000_000)) : NaN;
  if (!(bps >= 1_000 && bps <= 100_000_000)) {
    fail("badArg", { fop, param, value, expected: "1k-100m" }, `${fop}: "${param}" must be a bit rate such as 128k or 1.5m (got "${value}")`);
  }
  return bps;
}

export function oneOf<T extends string>(fop: string, param: string, value: string, options: readonly T[]): T {
  const normalised = value === "jpeg" ? "jpg" : value;
  if (!(options as readonly string[]).includes(normalised)) {
    fail("badArg", { fop, param, value, expected: options.join(", ") }, `${fop}: "${param}" must be one of ${options.join(", ")} (got "${value}")`);
  }
  return normalised as T;
}

export function flag(fop: string, param: string, value: string): boolean {
  if (value !== "0" && value !== "1") fail("badArg", { fop, param, value, expected: "0, 1" }, `${fop}: "${param}" must be 0 or 1 (got "${value}")`);
  return value === "1";
}
