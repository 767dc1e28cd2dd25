import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signQBox, signQiniuV2, verifyCallback } from "@/lib/qiniu/auth";
import { ak, body, headers, hostName, queryString, sk, urlPath } from "./arbitraries";
import { creds, mac, qiniu } from "./sdk";

const FORM = "application/x-www-form-urlencoded";

describe("verifyCallback (§5)", () => {
  it("accepts the protocol's QBox vector", () => {
    expect(
      verifyCallback(creds, {
        authorization: "QBox test-ak:IeRJkfZJ4ZzKoCxJKsxPEjH1pLk=",
        url: "http://app.example.com/qiniu/cb?x=1",
        body: "key=a.txt&hash=Fto5o-5ea0sNMlW_75VgGJCv2AcJ",
      }),
    ).toBe(true);
  });

  it("agrees with the SDK's isQiniuCallback on genuine and altered QBox callbacks", () => {
    fc.assert(
      fc.property(ak, sk, hostName, urlPath, queryString, body, fc.string({ minLength: 1, maxLength: 5 }), (a, s, host, path, query, b, tamper) => {
        const url = `http://${host}${path}${query ? `?${query}` : ""}`;
        const u = new URL(url);
        const auth = signQBox({ accessKey: a, secretKey: s }, { path: u.pathname + u.search, body: b, contentType: FORM });
        const c = { accessKey: a, secretKey: s };
        expect(verifyCallback(c, { authorization: auth, url, body: b })).toBe(true);
        expect(qiniu.util.isQiniuCallback(mac(a, s), url, b, auth)).toBe(true);
        // Altered body, altered URL, wrong key: both refuse.
        expect(verifyCallback(c, { authorization: auth, url, body: b + tamper })).toBe(qiniu.util.isQiniuCallback(mac(a, s), url, b + tamper, auth));
        expect(verifyCallback(c, { authorization: auth, url, body: b + tamper })).toBe(false);
        expect(verifyCallback(c, { authorization: auth, url: `${url}${query ? "&" : "?"}z=1`, body: b })).toBe(false);
        expect(verifyCallback({ accessKey: a, secretKey: `${s}x` }, { authorization: auth, url, body: b })).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("agrees with the SDK on Qiniu-signed callbacks", () => {
    fc.assert(
      fc.property(ak, sk, hostName, urlPath, queryString, body, headers, fc.constantFrom(FORM, "application/json"), (a, s, host, path, query, b, h, ct) => {
        const url = `http://${host}${path}${query ? `?${query}` : ""}`;
        const c = { accessKey: a, secretKey: s };
        const auth = signQiniuV2(c, { method: "POST", url, body: b, headers: h, contentType: ct });
        const extra = { reqMethod: "POST", reqContentType: ct, reqHeaders: h };
        expect(qiniu.util.isQiniuCallback(mac(a, s), url, b, auth, extra)).toBe(true);
        expect(verifyCallback(c, { authorization: auth, url, body: b, contentType: ct, headers: h })).toBe(true);
        expect(verifyCallback(c, { authorization: auth, url, body: `${b} `, contentType: ct, headers: h })).toBe(false);
        expect(verifyCallback(c, { authorization: auth, url, body: b, contentType: ct, headers: { ...h, "X-Qiniu-Injected": "1" } })).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("uses the Host header when present (proxies)", () => {
    const auth = signQiniuV2(creds, { method: "POST", path: "/cb", host: "public.example.com", body: "a=1", contentType: FORM });
    expect(verifyCallback(creds, { authorization: auth, url: "http://10.0.0.5:3000/cb", body: "a=1", headers: { Host: "public.example.com" } })).toBe(true);
    expect(verifyCallback(creds, { authorization: auth, url: "http://10.0.0.5:3000/cb", body: "a=1" })).toBe(false);
  });

  it("refuses missing, unknown-scheme and other-key signatures", () => {
    const req = { url: "http://a/cb", body: "k=v" };
    const good = signQBox(creds, { path: "/cb", body: "k=v", contentType: FORM });
    expect(verifyCallback(creds, { ...req, authorization: undefined })).toBe(false);
    expect(verifyCallback(creds, { ...req, authorization: "" })).toBe(false);
    expect(verifyCallback(creds, { ...req, authorization: good.replace("QBox", "UpToken") })).toBe(false);
    expect(verifyCallback(creds, { ...req, authorization: good.replace("test-ak", "other-ak") })).toBe(false);
    expect(verifyCallback(creds, { ...req, authorization: good.slice(0, -1) })).toBe(false);
    expect(verifyCallback(creds, { ...req, authorization: good })).toBe(true);
  });
});
