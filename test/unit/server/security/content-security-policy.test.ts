import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, scriptNonce } from "@/server/security/content-security-policy";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
}

describe("contentSecurityPolicy", () => {
  const emulator = directives(contentSecurityPolicy("abc", { mode: "emulator", hosts: { up: "http://127.0.0.1:9401", io: "http://127.0.0.1:9402" } }));

  it("runs scripts only by nonce and forbids framing, plugins, base and foreign form targets", () => {
    expect(emulator.get("script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(emulator.get("frame-ancestors")).toEqual(["'none'"]);
    expect(emulator.get("object-src")).toEqual(["'none'"]);
    expect(emulator.get("base-uri")).toEqual(["'self'"]);
    expect(emulator.get("form-action")).toEqual(["'self'"]);
    for (const values of emulator.values()) expect(values).not.toContain("'unsafe-eval'");
  });

  it("lets the browser upload to the configured up host and load previews from the download hosts", () => {
    // Every region's up host of the emulator (the second region listens on other ports of the same host).
    expect(emulator.get("connect-src")).toEqual(["'self'", "http://127.0.0.1:*"]);
    expect(emulator.get("img-src")).toContain("http://127.0.0.1:*");
    expect(emulator.get("frame-src")).toEqual(["http://127.0.0.1:*"]);
    const real = directives(contentSecurityPolicy("n", { mode: "qiniu", hosts: { up: "https://up-z1.qiniup.com/", io: "https://iovip-z1.qiniuio.com" } }));
    // The configured host, and the up hosts of every region (a bucket's own region's host comes from the region query).
    expect(real.get("connect-src")).toEqual(["'self'", "https://up-z1.qiniup.com", "https://*.qiniup.com"]);
    expect(real.get("img-src")).toEqual(["'self'", "data:", "blob:", "https:", "http:"]);
    expect(real.get("script-src")).not.toContain("https:");
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const a = scriptNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(scriptNonce()).not.toBe(a);
  });
});
