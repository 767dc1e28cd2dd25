import { describe, expect, it } from "vitest";
import { cdnUrlInScope, cdnUrlKey, dataDomains, scopeProblems } from "@/lib/cdn/scope";

const D = [
  { domain: "team.example.com", prefixes: ["team/", "shared/a"] },
  { domain: "whole.example.com", prefixes: null },
];

describe("the key a CDN URL names", () => {
  it("is the percent-decoded path without the leading slash, query and fragment ignored", () => {
    expect(cdnUrlKey("http://h/team/photo%201.jpg?v=2#x")).toBe("team/photo 1.jpg");
    expect(cdnUrlKey("http://h/team/photo 1.jpg")).toBe("team/photo 1.jpg");
    expect(cdnUrlKey("https://h:8443/%E4%B8%AD/a%2Fb")).toBe("中/a/b");
    expect(cdnUrlKey("http://h")).toBe("");
  });

  it("is unknown when the path would be fetched as another one or does not decode", () => {
    for (const url of [
      "http://h/team/../secret",
      "http://h/team/%2e%2E/secret",
      "http://h/team/./a",
      "http://h/team\\..\\secret",
      "http://h/team/%zz",
      "not a url",
    ]) {
      expect(cdnUrlKey(url), url).toBeNull();
    }
  });
});

describe("prefix scopes of CDN URLs", () => {
  it("allows keys and directories under a prefix, anything on a whole-bucket domain, and leaves unknown hosts to the domain check", () => {
    expect(cdnUrlInScope("http://team.example.com/team/a.jpg", D)).toBe(true);
    expect(cdnUrlInScope("http://TEAM.example.com/shared/abc/", D)).toBe(true);
    expect(cdnUrlInScope("http://team.example.com/team/pics*", D)).toBe(true);
    expect(cdnUrlInScope("http://whole.example.com/anything", D)).toBe(true);
    expect(cdnUrlInScope("http://elsewhere.example.com/x", D)).toBe(true);
  });

  it("refuses keys outside the prefixes, the domain root, wider wildcards and walks out of the prefix", () => {
    const urls = [
      "http://team.example.com/secret.txt",
      "http://team.example.com/",
      "http://team.example.com/te*",
      "http://team.example.com/teamwork",
      "http://team.example.com/team/../x",
    ];
    expect(scopeProblems(urls, D)).toEqual(urls.map((value) => ({ kind: "outOfScope", value })));
  });

  it("shows domain data only for domains whose whole bucket is in scope", () => {
    expect(dataDomains(D).map((d) => d.domain)).toEqual(["whole.example.com"]);
  });
});
