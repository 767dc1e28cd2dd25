import { describe, expect, it } from "vitest";
import { cdnOrigins, linkVariants } from "@/lib/buckets/link-variants";

describe("copy-link choices", () => {
  it("a public bucket offers the public link, a signed one, and one per CDN domain", () => {
    const cdn = cdnOrigins(["demo.clouddn.com", "cdn.example.com", "img.example.com"], "http://demo.clouddn.com");
    expect(cdn).toEqual(["http://cdn.example.com", "http://img.example.com"]);
    expect(linkVariants({ private: false, origin: "http://demo.clouddn.com", cdnOrigins: cdn }, false)).toEqual([
      { kind: "public" },
      { kind: "signed" },
      { kind: "cdn", origin: "http://cdn.example.com", host: "cdn.example.com" },
      { kind: "cdn", origin: "http://img.example.com", host: "img.example.com" },
    ]);
  });

  it("a private bucket or a disabled object has no public link", () => {
    expect(linkVariants({ private: true, origin: "http://a.example.com" }, false)).toEqual([{ kind: "signed" }]);
    expect(linkVariants({ private: false, origin: "http://a.example.com" }, true)).toEqual([{ kind: "signed" }]);
  });

  it("leaves out test domains, the domain links already use, and repeats; follows the https choice", () => {
    expect(cdnOrigins(["cdn.example.com", "http://127.0.0.1:9410", "CDN.example.com", "x.qiniudn.com"], "https://cdn.example.com")).toEqual([]);
    expect(cdnOrigins(["a.example.com", "b.example.com"], "https://a.example.com")).toEqual(["https://b.example.com"]);
  });

  it("a public bucket without a domain offers nothing", () => {
    expect(linkVariants({ private: false, origin: null, cdnOrigins: [] }, false)).toEqual([]);
  });
});
