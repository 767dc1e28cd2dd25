import { describe, expect, it } from "vitest";
import { parseRange } from "@/server/emulator/download";
import { OptionsError, parseOptions } from "@/server/emulator/options";
import { isLoopbackHost, outboundAllowed } from "@/server/emulator/outbound";

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
});

describe("outbound rules", () => {
  const rules = { listenHost: "127.0.0.1", allowLoopback: false, allowlist: ["files.example.com", "*.cdn.test", "api.test:8080"] };

  it("allows loopback while listening on loopback, and allow-listed hosts", () => {
    expect(outboundAllowed(rules, "http://127.0.0.1:5000/cb")).toBe(true);
    expect(outboundAllowed(rules, "http://localhost/cb")).toBe(true);
    expect(outboundAllowed(rules, "http://[::1]:80/")).toBe(true);
    expect(outboundAllowed(rules, "https://files.example.com/a.png")).toBe(true);
    expect(outboundAllowed(rules, "https://img.cdn.test/a.png")).toBe(true);
    expect(outboundAllowed(rules, "http://api.test:8080/x")).toBe(true);
  });

  it("refuses everything else (no open proxy), and loopback when listening publicly unless allowed", () => {
    expect(outboundAllowed(rules, "http://example.com/")).toBe(false);
    expect(outboundAllowed(rules, "http://api.test:9090/x")).toBe(false);
    expect(outboundAllowed(rules, "ftp://127.0.0.1/")).toBe(false);
    expect(outboundAllowed(rules, "not a url")).toBe(false);
    expect(outboundAllowed({ ...rules, listenHost: "0.0.0.0" }, "http://127.0.0.1/")).toBe(false);
    expect(outboundAllowed({ ...rules, listenHost: "0.0.0.0", allowLoopback: true }, "http://127.0.0.1/")).toBe(true);
    expect(isLoopbackHost("127.1.2.3")).toBe(true);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
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
