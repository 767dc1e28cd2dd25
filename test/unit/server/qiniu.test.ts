import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const env = {
  QINIU_ACCESS_KEY: "env-ak",
  QINIU_SECRET_KEY: "env-sk",
  QINIU_REGION: "z1",
  QINIU_USE_HTTPS: "1",
  QINIU_RS_HOST: "http://127.0.0.1:9401",
  NEXTAUTH_SECRET: "x".repeat(40),
};

beforeEach(() => {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
});
afterEach(() => vi.unstubAllEnvs());

describe("server/qiniu", () => {
  it("gives the configured credentials", async () => {
    const { getCredentials } = await import("@/server/qiniu");
    expect(getCredentials()).toEqual({ accessKey: "env-ak", secretKey: "env-sk" });
  });

  it("builds one cached client on the configured hosts", async () => {
    const { getQiniu } = await import("@/server/qiniu");
    const { QiniuClient } = await import("@/lib/qiniu/client");
    const a = getQiniu();
    expect(a).toBeInstanceOf(QiniuClient);
    expect(getQiniu()).toBe(a);
    expect(a.transport.hosts).toMatchObject({ rs: "http://127.0.0.1:9401", rsf: "https://rsf-z1.qiniuapi.com", up: "https://upload-z1.qiniup.com" });
  });
});
