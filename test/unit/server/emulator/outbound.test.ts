// What the emulator may connect to on its own (fetch, mirror, callbacks): public addresses of allow-listed names,
// loopback only where the policy says so, never private, link-local or reserved ones, in any spelling, also when a
// name resolves to them. No test here sends a packet: refusals happen before any connection, and names are
// resolved by an injected resolver.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyAddress } from "@/server/emulator/outbound-address";
import { checkOutbound, isLoopbackHost, OutboundRefused, outboundRequest, type OutboundPolicy, type Resolver } from "@/server/emulator/outbound";

const LOOPBACK_SPELLINGS = [
  "http://127.0.0.1/",
  "http://127.1/",
  "http://2130706433/",
  "http://0x7f000001/",
  "http://0177.0.0.1/",
  "http://0x7f.1/",
  "http://127.255.255.254:8080/x",
  "http://LOCALHOST/",
  "http://localhost./",
  "http://a.b.localhost/",
  "http://[::1]/",
  "http://[0:0:0:0:0:0:0:1]/",
  "http://[::ffff:127.0.0.1]/",
  "http://[::ffff:7f00:1]/",
  "http://[::127.0.0.1]/",
  "http://[64:ff9b::7f00:1]/",
  "http://[2002:7f00:1::]/",
];

const INTERNAL_SPELLINGS = [
  "http://0.0.0.0/",
  "http://0/",
  "http://[::]/",
  "http://10.0.0.1/",
  "http://012.1/",
  "http://172.16.0.1/",
  "http://172.31.255.255/",
  "http://192.168.1.1/",
  "http://3232235777/",
  "http://100.64.0.1/",
  "http://169.254.169.254/latest/meta-data/",
  "http://2852039166/",
  "http://0xa9fea9fe/",
  "http://[::ffff:169.254.169.254]/",
  "http://[::ffff:a9fe:a9fe]/",
  "http://[fe80::1]/",
  "http://[febf::1]/",
  "http://[fc00::1]/",
  "http://[fd12:3456::1]/",
  "http://[ff02::1]/",
  "http://224.0.0.1/",
  "http://255.255.255.255/",
  "http://198.18.0.1/",
  "http://[2001:db8::1]/",
  "http://[::ffff:10.0.0.1]/",
  "http://[64:ff9b::a00:1]/",
  "http://[2002:c0a8:101::]/",
];

const noDns: Resolver = async (host) => {
  throw new Error(`no DNS in this test (asked for ${host})`);
};
const policy = (p: Partial<OutboundPolicy> = {}): OutboundPolicy => ({ allowLoopback: false, allowlist: ["*"], resolve: noDns, ...p });
const refused = (p: OutboundPolicy, url: string) => expect(checkOutbound(p, url), url).rejects.toBeInstanceOf(OutboundRefused);

describe("address classification", () => {
  it("knows loopback, internal and public addresses in v4, v6 and v4-in-v6 forms", () => {
    for (const ip of ["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1", "::ffff:7f00:1"]) expect(classifyAddress(ip), ip).toBe("loopback");
    for (const ip of [
      "0.0.0.0",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.0.1",
      "100.127.255.255",
      "169.254.169.254",
      "fe80::1",
      "fc00::1",
      "::",
      "ff05::2",
      "240.0.0.1",
    ]) {
      expect(classifyAddress(ip), ip).toBe("internal");
    }
    for (const ip of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "169.255.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])
      expect(classifyAddress(ip), ip).toBe("public");
    expect(classifyAddress("not-an-ip")).toBe("internal");
  });

  it("tells a loopback listen address", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("0.0.0.0")).toBe(false);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
  });
});

describe("checkOutbound", () => {
  it("refuses loopback in every spelling unless loopback is allowed", async () => {
    const localhostResolver: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    for (const url of LOOPBACK_SPELLINGS) {
      await refused(policy({ resolve: localhostResolver }), url);
      await expect(checkOutbound(policy({ allowLoopback: true, resolve: localhostResolver }), url), url).resolves.toBeDefined();
    }
  });

  it("refuses private, link-local, reserved and metadata addresses even with loopback and every host allowed", async () => {
    for (const url of INTERNAL_SPELLINGS) await refused(policy({ allowLoopback: true }), url);
  });

  it("checks what a name resolves to, and pins the connection to that address", async () => {
    const answers: Record<string, string[]> = {
      "files.example.com": ["93.184.216.34"],
      "rebind.example.com": ["93.184.216.34", "10.0.0.7"],
      "metadata.example.com": ["169.254.169.254"],
      "sneaky.example.com": ["::ffff:127.0.0.1"],
    };
    const resolve: Resolver = async (host) => (answers[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    const p = policy({ resolve, allowlist: ["*.example.com"] });
    await expect(checkOutbound(p, "https://files.example.com/a.png")).resolves.toMatchObject({ pinned: [{ address: "93.184.216.34", family: 4 }] });
    await refused(p, "http://rebind.example.com/");
    await refused(p, "http://metadata.example.com/");
    await refused(p, "http://sneaky.example.com/");
    await refused(p, "http://empty.example.com/");
    // a localhost name that the resolver maps elsewhere is not trusted either
    await refused(policy({ allowLoopback: true, resolve: async () => [{ address: "10.0.0.1", family: 4 }] }), "http://localhost/");
  });

  it("asks DNS nothing for names outside the allow-list, and needs the allow-list for public addresses", async () => {
    const p = policy({ allowlist: ["files.example.com", "api.test:8080"] });
    await refused(p, "http://other.example.com/");
    await refused(p, "http://api.test:9090/");
    await refused(p, "http://93.184.216.34/");
    await expect(checkOutbound(policy({ allowlist: ["93.184.216.34"] }), "http://93.184.216.34/")).resolves.toBeDefined();
    const publicResolver: Resolver = async () => [{ address: "93.184.216.34", family: 4 }];
    await expect(checkOutbound({ ...p, resolve: publicResolver }, "http://api.test:8080/x")).resolves.toBeDefined();
  });

  it("refuses other schemes and non-URLs", async () => {
    for (const url of ["ftp://127.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1:25/", "javascript:alert(1)", "not a url", "//127.0.0.1/"]) {
      await refused(policy({ allowLoopback: true }), url);
    }
  });
});

describe("connections go to the checked address", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => res.end(`host ${req.headers.host}`));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  const post = (p: OutboundPolicy, url: string) => outboundRequest(url, { policy: p, method: "GET", timeoutMs: 5000, maxBytes: 1024 });

  it("connects to what the resolver answered once, not to a second lookup", async () => {
    let lookups = 0;
    const resolve: Resolver = async () => {
      lookups++;
      // a rebinding resolver: loopback for the check, then (if asked again) an internal address
      return lookups === 1 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "10.0.0.1", family: 4 }];
    };
    const res = await post(policy({ allowLoopback: true, allowlist: ["pinned.test"], resolve }), `http://pinned.test:${port}/`);
    expect(res.body.toString()).toBe(`host pinned.test:${port}`);
    expect(lookups).toBe(1);
  });

  it("tries every checked address, so localhost answering ::1 first still reaches a 127.0.0.1 server", async () => {
    const resolve: Resolver = async () => [
      { address: "::1", family: 6 },
      { address: "127.0.0.1", family: 4 },
    ];
    const res = await post(policy({ allowLoopback: true, resolve }), `http://localhost:${port}/`);
    expect(res.status).toBe(200);
  });

  it("refuses before connecting", async () => {
    await expect(post(policy(), `http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(OutboundRefused);
  });
});
