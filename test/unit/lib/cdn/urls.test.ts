import { describe, expect, it } from "vitest";
import { checkCdnList, isCdnDir, linesOf } from "@/lib/cdn/urls";

const D = ["127.0.0.1:9410", "cdn.example.com"];

describe("refresh and prefetch input", () => {
  it("splits lines, trims and drops duplicates", () => {
    expect(linesOf(" http://a/1 \n\nhttp://a/1\r\nhttp://a/2")).toEqual(["http://a/1", "http://a/2"]);
  });

  it("accepts URLs on our domains and directories ending in / or /* (Qiniu's refresh doc), not a prefix such as ban*", () => {
    expect(checkCdnList(["http://127.0.0.1:9410/a.jpg", "https://CDN.example.com/b"], "urls", D)).toEqual([]);
    expect(checkCdnList(["http://cdn.example.com/img/", "http://cdn.example.com/img/*"], "dirs", D)).toEqual([]);
    expect(checkCdnList(["http://cdn.example.com/img/ban*"], "dirs", D)).toEqual([{ kind: "notDir", value: "http://cdn.example.com/img/ban*" }]);
    expect(isCdnDir("http://cdn.example.com/img")).toBe(false);
    expect(isCdnDir("http://cdn.example.com/i*g/")).toBe(false);
  });

  it("names each bad entry and the per-request limit", () => {
    expect(checkCdnList(["ftp://x/a", "http://other.com/a", "http://cdn.example.com/a*"], "urls", D)).toEqual([
      { kind: "notUrl", value: "ftp://x/a" },
      { kind: "foreign", value: "http://other.com/a" },
      { kind: "notUrl", value: "http://cdn.example.com/a*" },
    ]);
    expect(checkCdnList(["http://cdn.example.com/a"], "dirs", D)).toEqual([{ kind: "notDir", value: "http://cdn.example.com/a" }]);
    const many = Array.from({ length: 61 }, (_, i) => `http://cdn.example.com/${i}`);
    expect(checkCdnList(many, "urls", D)).toEqual([{ kind: "tooMany", max: 60, count: 61 }]);
    expect(checkCdnList(many.slice(0, 11), "dirs", D)).toEqual([{ kind: "tooMany", max: 10, count: 11 }]);
    expect(checkCdnList([], "urls", D)).toEqual([{ kind: "empty" }]);
    expect(checkCdnList([], "dirs", D, true)).toEqual([]);
  });
});

describe("withoutAntiLeech", () => {
  it("drops sign and t from a copied signed link and keeps the rest of the query as written", async () => {
    const { withoutAntiLeech } = await import("@/lib/cdn/urls");
    expect(withoutAntiLeech("http://d/a%20b.png?imageView2/1/w/100&sign=abc&t=6553ff10")).toBe("http://d/a%20b.png?imageView2/1/w/100");
    expect(withoutAntiLeech("http://d/a.png?sign=abc&t=1")).toBe("http://d/a.png");
    expect(withoutAntiLeech("http://d/a.png?v=1&type=x")).toBe("http://d/a.png?v=1&type=x");
  });
});
