// Per-IP login limits and the audit log use the client address. X-Forwarded-For is only believed from proxies listed in
// CONSOLE_TRUSTED_PROXY; otherwise the TCP peer counts, which the start-up hook writes into a header a client cannot set.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp, PEER_HEADER } from "@/server/auth/client-ip";
import { installPeerAddressHeader, uninstallPeerAddressHeader } from "@/server/auth/peer-address";
import { TrustedProxies } from "@/server/auth/trusted-proxies";
import { parseConfig } from "@/server/config";

const h = (peer: string | undefined, xff?: string) => new Headers({ ...(peer ? { [PEER_HEADER]: peer } : {}), ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("clientIp", () => {
  it("ignores a spoofed X-Forwarded-For when no proxy is trusted: the peer counts", () => {
    expect(clientIp(h("203.0.113.7", "1.2.3.4"))).toBe("203.0.113.7");
    expect(clientIp(h("203.0.113.7", "1.2.3.4"), new TrustedProxies([]))).toBe("203.0.113.7");
  });

  it("believes X-Forwarded-For only from a trusted proxy, taking the rightmost address that is not a proxy", () => {
    const trusted = new TrustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"]);
    // nginx on loopback appended the real client after whatever the client claimed
    expect(clientIp(h("127.0.0.1", "6.6.6.6, 198.51.100.20"), trusted)).toBe("198.51.100.20");
    // two proxies in a row
    expect(clientIp(h("10.1.2.3", "6.6.6.6, 198.51.100.20, 10.9.9.9"), trusted)).toBe("198.51.100.20");
    expect(clientIp(h("::ffff:127.0.0.1", "fd00::5, 2001:db8::1"), trusted)).toBe("2001:db8::1");
    // a client talking to the console directly cannot choose its address by sending the header
    expect(clientIp(h("198.51.100.99", "1.2.3.4"), trusted)).toBe("198.51.100.99");
    // garbage entries are skipped; only proxies → the first entry
    expect(clientIp(h("127.0.0.1", "not-an-ip, 198.51.100.20, <script>"), trusted)).toBe("198.51.100.20");
    expect(clientIp(h("127.0.0.1", "10.0.0.1, 10.0.0.2"), trusted)).toBe("10.0.0.1");
    expect(clientIp(h("127.0.0.1"), trusted)).toBe("127.0.0.1");
  });

  it("refuses a CONSOLE_TRUSTED_PROXY that is not addresses or CIDR ranges, naming the variable", () => {
    const env = { QINIU_ACCESS_KEY: "ak", QINIU_SECRET_KEY: "sk", NEXTAUTH_SECRET: "x".repeat(40) };
    expect(parseConfig(env).auth.trustedProxies).toEqual([]);
    expect(parseConfig({ ...env, CONSOLE_TRUSTED_PROXY: " 127.0.0.1 , 10.0.0.0/8,::1 " }).auth.trustedProxies).toEqual(["127.0.0.1", "10.0.0.0/8", "::1"]);
    for (const bad of ["localhost", "10.0.0.0/33", "1.2.3.4/x", "*"]) {
      expect(() => parseConfig({ ...env, CONSOLE_TRUSTED_PROXY: bad }), bad).toThrow(/CONSOLE_TRUSTED_PROXY/);
    }
  });
});

describe("installPeerAddressHeader", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    installPeerAddressHeader();
    installPeerAddressHeader(); // idempotent
    server = http.createServer((req, res) => res.end(JSON.stringify({ peer: req.headers[PEER_HEADER], ip: clientIp(req.headers as Record<string, string>) })));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    uninstallPeerAddressHeader();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("puts the real TCP peer into the header, replacing one the client sent", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "6.6.6.6", "X-Forwarded-For": "6.6.6.6" } });
    expect(await res.json()).toEqual({ peer: "127.0.0.1", ip: "127.0.0.1" });
  });

  it("can be removed again", async () => {
    uninstallPeerAddressHeader();
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "6.6.6.6" } });
    expect(await res.json()).toEqual({ peer: "6.6.6.6", ip: "6.6.6.6" });
    installPeerAddressHeader();
  });
});
