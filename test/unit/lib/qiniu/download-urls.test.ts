import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { timestampAntiLeechUrl, encodeQuery } from "@/lib/qiniu/antileech";
import { antiLeechSign } from "@/lib/qiniu/digest";
import { privateDownloadUrl } from "@/lib/qiniu/auth";
import { encodeKeyPath, objectUrl } from "@/lib/qiniu/urls";
import { ak, anyKey, hostName, sk, urlSafeKey } from "./arbitraries";
import { creds, mac, qiniu } from "./sdk";

const domain = fc
  .tuple(fc.constantFrom("http", "https"), hostName, fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }))
  .map(([s, h, p]) => `${s}://${h}${p ? `:${p}` : ""}`);
const deadline = fc.integer({ min: 1, max: 2 ** 32 - 1 });

describe("private download URLs (§4.1)", () => {
  it("reproduces the documented and protocol vectors", () => {
    const doc = privateDownloadUrl(
      { accessKey: "MY_ACCESS_KEY", secretKey: "MY_SECRET_KEY" },
      "http://78re52.com1.z0.glb.clouddn.com/resource/flower.jpg",
      1451491200,
    );
    expect(doc).toBe("http://78re52.com1.z0.glb.clouddn.com/resource/flower.jpg?e=1451491200&token=MY_ACCESS_KEY:438dd8pXocjYuF-6dTcKMtETB2g=");
    expect(privateDownloadUrl(creds, objectUrl("http://cdn.example.com", "dir/a b.jpg"), 1700003600)).toBe(
      "http://cdn.example.com/dir/a%20b.jpg?e=1700003600&token=test-ak:lr7oDSKCtnWIR90ibyYqai1UaYg=",
    );
  });

  it("equals the SDK's BucketManager#privateDownloadUrl for any domain, key and deadline", () => {
    fc.assert(
      fc.property(ak, sk, domain, urlSafeKey, deadline, (a, s, d, k, e) => {
        const bm = new qiniu.rs.BucketManager(mac(a, s), new qiniu.conf.Config());
        expect(privateDownloadUrl({ accessKey: a, secretKey: s }, objectUrl(d, k), e)).toBe(bm.privateDownloadUrl(d, k, e));
      }),
      { numRuns: 300 },
    );
  });

  it("uses &e= when the URL already has a query (image processing)", () => {
    const url = privateDownloadUrl(creds, "http://cdn.example.com/a.jpg?imageView2/2/w/100", 10);
    expect(url).toMatch(/^http:\/\/cdn\.example\.com\/a\.jpg\?imageView2\/2\/w\/100&e=10&token=test-ak:/);
  });
});

describe("object URLs", () => {
  it("encode exactly like the SDK's encodeurl for keys without % ? #", () => {
    fc.assert(
      fc.property(urlSafeKey, (k) => {
        expect(objectUrl("http://d", k)).toBe(new qiniu.rs.BucketManager(mac(), new qiniu.conf.Config()).publicDownloadUrl("http://d", k));
      }),
      { numRuns: 300 },
    );
  });

  it("escape % ? # so every key names itself (where the SDK does not)", () => {
    expect(encodeKeyPath("100%25 sure?#1")).toBe("100%2525%20sure%3F%231");
    fc.assert(
      fc.property(
        anyKey.filter((k) => !/(^|\/)\.{1,2}(\/|$)/.test(k)),
        (k) => {
          const u = new URL(objectUrl("http://d", k));
          expect(u.search).toBe("");
          expect(u.hash).toBe("");
          expect(decodeURIComponent(u.pathname.slice(1))).toBe(k.replace(/[\uD800-\uDFFF]/g, (c, i: number) => (isPaired(k, i) ? c : "\uFFFD")));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("adds http:// to bare domains and drops trailing slashes", () => {
    expect(objectUrl("cdn.example.com/", "a")).toBe("http://cdn.example.com/a");
    expect(objectUrl("https://cdn.example.com//", "/a")).toBe("https://cdn.example.com//a");
  });
});

function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c <= 0xdbff ? (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 : (s.charCodeAt(i - 1) & 0xfc00) === 0xd800;
}

describe("CDN timestamp anti-leech (§4.2)", () => {
  it("reproduces the protocol vectors", () => {
    expect(timestampAntiLeechUrl("http://cdn.example.com", "dir/a b.jpg", undefined, "encryptkey123", 1700003600)).toBe(
      "http://cdn.example.com/dir/a%20b.jpg?sign=d83829a84e8a08f0ae803461afe8796f&t=6553ff10",
    );
    expect(timestampAntiLeechUrl("https://xxx.yyy.com", "DIR1/中文/vodfile.mp4", { v: "1.2" }, "9388f4ba63b89bba5b9b84aa70a92eaac099d39b", 1438358400)).toBe(
      "https://xxx.yyy.com/DIR1/%E4%B8%AD%E6%96%87/vodfile.mp4?v=1.2&sign=b4b7f94dd7817ce0283b5491861c3936&t=55bb9b80",
    );
    expect(antiLeechSign("encryptkey123", "/dir/a%20b.jpg", "6553ff10")).toBe("d83829a84e8a08f0ae803461afe8796f");
  });

  it("equals the SDK's createTimestampAntiLeechUrl for any domain, key, query and deadline", () => {
    const cdn = new qiniu.cdn.CdnManager(mac());
    const query = fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 12 }), { minKeys: 1, maxKeys: 3 }), {
      nil: undefined,
    });
    fc.assert(
      fc.property(domain, urlSafeKey, query, fc.string({ minLength: 1, maxLength: 40 }), deadline, (d, k, q, key, e) => {
        expect(timestampAntiLeechUrl(d, k, q, key, e)).toBe(cdn.createTimestampAntiLeechUrl(d, k, q ? encodeQuery(q) : null, key, e));
      }),
      { numRuns: 300 },
    );
  });
});

describe("object URLs of keys with . and .. segments", () => {
  const DOTTED = [
    "docs/../secret/other.txt",
    "docs/./a.txt",
    "a/..",
    "../x",
    "./x",
    "a/../../b",
    "a/%2e%2e/b",
    "a/.%2e/b",
    "a/.../b",
    "a/..b/c",
    "docs/..\\secret",
  ];

  it("names the literal key after any URL parser, never a collapsed path", () => {
    for (const key of DOTTED) {
      const u = new URL(objectUrl("http://d", key));
      expect(decodeURIComponent(u.pathname.slice(1)), key).toBe(key);
      expect(new URL(`${u.href}?imageView2/1/w/10`).pathname, key).toBe(u.pathname);
    }
    expect(objectUrl("http://d", "docs/../secret/other.txt")).toBe("http://d/docs%2F..%2Fsecret%2Fother.txt");
    // keys without dot segments keep their slashes, as the SDK writes them
    expect(objectUrl("http://d", "a/.../b")).toBe("http://d/a/.../b");
    expect(objectUrl("http://d", "a/..b/c")).toBe("http://d/a/..b/c");
  });

  it("round-trips any key made of dot and slash heavy segments (property)", () => {
    const segment = fc.constantFrom(".", "..", "...", "", "a", "%2e", ".%2E", "b.");
    fc.assert(
      fc.property(fc.array(segment, { minLength: 2, maxLength: 6 }), (parts) => {
        const key = parts.join("/");
        expect(decodeURIComponent(new URL(objectUrl("http://d", key)).pathname.slice(1))).toBe(key);
      }),
      { numRuns: 300 },
    );
  });
});
