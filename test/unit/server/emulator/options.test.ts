import { describe, expect, it } from "vitest";
import { parseRange } from "@/server/emulator/download";
import { OptionsError, parseOptions } from "@/server/emulator/options";

describe("parseOptions", () => {
  it("uses documented defaults", () => {
    const o = parseOptions([], {});
    expect(o).toMatchObject({ host: "127.0.0.1", port: 9400, seed: false, daySeconds: 86400 });
    expect(o.keys).toEqual([{ accessKey: "demo-access-key", secretKey: "demo-secret-key-change-me" }]);
    expect(o.dataDir.endsWith(".data/emulator")).toBe(true);
  });

  it("reads flags over environment variables, and extra key pairs", () => {
    const o = parseOptions(["--seed", "--port", "0", "--data-dir=/tmp/x", "--host", "0.0.0.0"], {
      EMULATOR_PORT: "9500",
      EMULATOR_ACCESS_KEY: "ak",
      EMULATOR_SECRET_KEY: "sk",
      EMULATOR_KEYS: "ak2:sk2, ak3:s:k3",
      EMULATOR_FETCH_ALLOWLIST: "Example.com, *.cdn.test",
    });
    expect(o).toMatchObject({ seed: true, port: 0, dataDir: "/tmp/x", host: "0.0.0.0", fetchAllowlist: ["example.com", "*.cdn.test"] });
    expect(o.keys.map((k) => k.accessKey)).toEqual(["ak", "ak2", "ak3"]);
    expect(o.keys[2].secretKey).toBe("s:k3");
  });

  it("rejects unknown flags, bad ports and malformed key lists", () => {
    expect(() => parseOptions(["--bogus"], {})).toThrow(OptionsError);
    expect(() => parseOptions([], { EMULATOR_PORT: "70000" })).toThrow(OptionsError);
    expect(() => parseOptions([], { EMULATOR_KEYS: "justakey" })).toThrow(OptionsError);
    expect(() => parseOptions([], { EMULATOR_KEYS: "demo-access-key:x" })).toThrow(/twice/);
  });

  it("keeps loopback fetches off unless asked for, separately from loopback callbacks", () => {
    expect(parseOptions([], { EMULATOR_ALLOW_LOOPBACK_CALLBACKS: "1" })).toMatchObject({ allowLoopbackCallbacks: true, allowLoopbackFetch: false });
    expect(parseOptions(["--allow-loopback-fetch"], {})).toMatchObject({ allowLoopbackCallbacks: false, allowLoopbackFetch: true });
    expect(parseOptions([], { EMULATOR_ALLOW_LOOPBACK_FETCH: "1" }).allowLoopbackFetch).toBe(true);
  });
});

describe("parseRange", () => {
  it("parses single ranges and reports unsatisfiable ones", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=95-200", 100)).toEqual({ start: 95, end: 99 });
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-1,5-6", 100)).toBeUndefined();
    expect(parseRange("bytes=9-3", 100)).toBeUndefined();
    expect(parseRange(undefined, 100)).toBeUndefined();
  });
});
