import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/server/config";

const base = { NEXTAUTH_SECRET: "x".repeat(40) };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("parseConfig", () => {
  it("uses the region's default hosts when only keys are given", () => {
    const c = parseConfig({ ...base, QINIU_ACCESS_KEY: "ak", QINIU_SECRET_KEY: "sk", QINIU_REGION: "z1" });
    expect(c.mode).toBe("qiniu");
    expect(c.qiniu.hosts.rs).toBe("https://rs-z1.qiniuapi.com");
    expect(c.qiniu.hosts.up).toBe("https://upload-z1.qiniup.com");
    expect(c.database).toEqual({ kind: "embedded", dataDir: ".data/console/db" });
  });

  it("names the missing key pair instead of failing later", () => {
    expect(problemsOf({ ...base })).toEqual([expect.stringContaining("QINIU_ACCESS_KEY")]);
    expect(problemsOf({ ...base, QINIU_ACCESS_KEY: "ak" })).toEqual([expect.stringMatching(/^QINIU_SECRET_KEY: .*together/)]);
  });

  it("names each invalid variable", () => {
    const problems = problemsOf({ QINIU_ACCESS_KEY: "ak", QINIU_SECRET_KEY: "sk", NEXTAUTH_SECRET: "short", DATABASE_URL: "mysql://x", QINIU_REGION: "mars" });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["DATABASE_URL", "NEXTAUTH_SECRET", "QINIU_REGION"]);
  });

  it("requires every service host in emulator mode and uses them as given", () => {
    expect(problemsOf({ ...base, QINIU_ACCESS_KEY: "ak", QINIU_SECRET_KEY: "sk", CONSOLE_EMULATOR: "1" })).toHaveLength(7);
    const hosts = { up: 9400, rs: 9401, rsf: 9402, api: 9403, uc: 9404, io: 9405, fusion: 9406 };
    const env: Record<string, string> = { ...base, QINIU_ACCESS_KEY: "ak", QINIU_SECRET_KEY: "sk", CONSOLE_EMULATOR: "1" };
    for (const [name, port] of Object.entries(hosts)) env[`QINIU_${name.toUpperCase()}_HOST`] = `http://127.0.0.1:${port}`;
    const c = parseConfig(env);
    expect(c.mode).toBe("emulator");
    expect(c.qiniu.hosts).toEqual(Object.fromEntries(Object.entries(hosts).map(([k, p]) => [k, `http://127.0.0.1:${p}`])));
  });

  it("switches to PostgreSQL when DATABASE_URL is set and trims the public URL", () => {
    const c = parseConfig({
      ...base,
      QINIU_ACCESS_KEY: "ak",
      QINIU_SECRET_KEY: "sk",
      DATABASE_URL: "postgres://u:p@127.0.0.1:5432/console",
      CONSOLE_PUBLIC_URL: "https://console.example.com/",
    });
    expect(c.database).toEqual({ kind: "postgres", url: "postgres://u:p@127.0.0.1:5432/console" });
    expect(c.publicUrl).toBe("https://console.example.com");
  });
});

describe("parseConfig messages", () => {
  it("says a required variable is not set", () => {
    expect(problemsOf({ QINIU_ACCESS_KEY: "ak", QINIU_SECRET_KEY: "sk" })).toEqual(["NEXTAUTH_SECRET: is not set"]);
  });
});
