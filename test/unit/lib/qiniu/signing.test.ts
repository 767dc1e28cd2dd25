import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { qboxSigningString, qiniuV2HostCandidates, qiniuV2SigningString, signQBox, signQiniuV2 } from "@/lib/qiniu/auth";
import { hmacSha1Base64Url } from "@/lib/qiniu/digest";
import { canonicalMimeHeaderKey, qiniuDate } from "@/lib/qiniu/signing-strings";
import { ak, body, contentType, headerName, headers, hostName, method, port, queryString, sk, urlPath } from "./arbitraries";
import { creds, mac, qiniu } from "./sdk";

const FORM = "application/x-www-form-urlencoded";
const DATE = { "X-Qiniu-Date": "20231114T221320Z" };

describe("QBox signing (§3.1)", () => {
  it("reproduces the official and protocol vectors", () => {
    const me = { accessKey: "MY_ACCESS_KEY", secretKey: "MY_SECRET_KEY" };
    expect(signQBox(me, { path: "/move/bmV3ZG9jczpmaW5kX21hbi50eHQ=/bmV3ZG9jczpmaW5kLm1hbi50eHQ=" })).toBe("QBox MY_ACCESS_KEY:FXsYh0wKHYPEsIAgdPD9OfjkeEM=");
    const pfop = { path: "/pfop/", body: "bucket=bkt&key=a.mp4&fops=avthumb%2Fmp4", contentType: FORM };
    expect(qboxSigningString(pfop)).toBe("/pfop/\nbucket=bkt&key=a.mp4&fops=avthumb%2Fmp4");
    expect(signQBox(creds, pfop)).toBe("QBox test-ak:evSH2IxX0XaBvjuYIK_Lay5Ok0M=");
    expect(signQBox(creds, { path: "/v2/tune/refresh", body: '{"urls":[]}', contentType: "application/json" })).toBe(
      "QBox test-ak:m4WupgZ9okXl2jQC6sBdekRBCsI=",
    );
  });

  it("equals the SDK's generateAccessToken for any path, query and form body", () => {
    fc.assert(
      fc.property(ak, sk, hostName, urlPath, queryString, body, (a, s, host, path, query, b) => {
        const url = `http://${host}${path}${query ? `?${query}` : ""}`;
        const u = new URL(url);
        const expected = qiniu.util.generateAccessToken(mac(a, s), url, b);
        expect(signQBox({ accessKey: a, secretKey: s }, { path: u.pathname, query: u.search.slice(1), body: b, contentType: FORM })).toBe(expected);
        // The raw target may also be passed whole as `path`.
        expect(signQBox({ accessKey: a, secretKey: s }, { path: u.pathname + u.search, body: b, contentType: FORM })).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("does not sign bodies that are not form-encoded", () => {
    expect(qboxSigningString({ path: "/x", body: "a=1", contentType: "application/json" })).toBe("/x\n");
    expect(qboxSigningString({ path: "/x", body: "a=1" })).toBe("/x\n");
    expect(qboxSigningString({ path: "/x", query: "", body: new TextEncoder().encode("a=1"), contentType: FORM })).toBe("/x\na=1");
  });
});

describe("Qiniu v2 signing (§3.2)", () => {
  it("reproduces the protocol vectors", () => {
    const stat = { method: "GET", url: "http://rs-z0.qiniuapi.com/stat/Ymt0OmEudHh0", headers: DATE };
    expect(qiniuV2SigningString(stat)).toBe(
      "GET /stat/Ymt0OmEudHh0\nHost: rs-z0.qiniuapi.com\nContent-Type: application/x-www-form-urlencoded\nX-Qiniu-Date: 20231114T221320Z\n\n",
    );
    expect(signQiniuV2(creds, stat)).toBe("Qiniu test-ak:HLKXX2gMjTVUfqfWYBypzax5Asw=");
    const batch = {
      method: "POST",
      url: "http://rs-z0.qiniuapi.com/batch",
      headers: DATE,
      contentType: FORM,
      body: "op=%2Fstat%2FYmt0OmEudHh0&op=%2Fdelete%2FYmt0OmIudHh0",
    };
    expect(signQiniuV2(creds, batch)).toBe("Qiniu test-ak:q4isk2cPqAxq6GnSXxBANtkFHzA=");
    const fetch = {
      method: "POST",
      url: "http://api-z0.qiniuapi.com/sisyphus/fetch",
      headers: { ...DATE, "X-Qiniu-Zzz": "1" },
      contentType: "application/json",
      body: '{"url":"http://a.com/1.jpg","bucket":"bkt"}',
    };
    expect(signQiniuV2(creds, fetch)).toBe("Qiniu test-ak:FDUqHb-8dZntu9pfeu2tBLtuRHY=");
    expect(signQiniuV2(creds, { method: "PUT", url: "http://up-z0.qiniup.com/x", contentType: "application/octet-stream", body: "raw bytes" })).toBe(
      "Qiniu test-ak:s9BsIIqudswXwxiBUWlgAQ5xPmk=",
    );
  });

  it("signs the port once, and the Node form (port twice) on request", () => {
    const req = { method: "GET", url: "http://127.0.0.1:9000/stat/Ymt0OmEudHh0" };
    expect(signQiniuV2(creds, req)).toBe("Qiniu test-ak:4NDXtk88orM6Ws59YAIZMakkyug=");
    expect(signQiniuV2(creds, { ...req, nodePortQuirk: true })).toBe("Qiniu test-ak:zRYFmsQo3eYj92HbVx4THC1_iGY=");
    expect(qiniuV2HostCandidates("127.0.0.1:9000")).toEqual(["127.0.0.1:9000", "127.0.0.1:9000:9000"]);
    expect(qiniuV2HostCandidates("rs.example.com")).toEqual(["rs.example.com"]);
    expect(qiniuV2HostCandidates("[::1]")).toEqual(["[::1]"]);
  });

  it("equals the SDK's generateAccessTokenV2 for any method, URL, content type, body and header set", () => {
    fc.assert(
      fc.property(
        ak,
        sk,
        method,
        hostName,
        port,
        urlPath,
        queryString,
        fc.option(contentType, { nil: undefined }),
        body,
        headers,
        (a, s, m, host, p, path, query, ct, b, h) => {
          const url = `http://${host}${p ? `:${p}` : ""}${path}${query ? `?${query}` : ""}`;
          const expected = qiniu.util.generateAccessTokenV2(mac(a, s), url, m, ct as string, b, h);
          const ours = signQiniuV2({ accessKey: a, secretKey: s }, { method: m, url, contentType: ct, body: b, headers: h, nodePortQuirk: true });
          expect(ours).toBe(expected);
          // Same thing from the raw target and the Host header, the way a server sees the request.
          const u = new URL(url);
          const candidates = qiniuV2HostCandidates(u.host).map(
            (hostLine) =>
              `Qiniu ${a}:${hmacSha1Base64Url(s, qiniuV2SigningString({ method: m, path: u.pathname + u.search, host: hostLine, contentType: ct, body: b, headers: new Headers(h) }))}`,
          );
          expect(candidates).toContain(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("writes no Content-Type line when asked (Python, request without Content-Type)", () => {
    expect(qiniuV2SigningString({ method: "post", path: "/x?a=1", host: "h", contentType: null, body: "ignored" })).toBe("POST /x?a=1\nHost: h\n\n");
  });

  it("canonicalises header names like Go, sorts them and lets later duplicates win", () => {
    expect(canonicalMimeHeaderKey("x-qiniu-some-HEADER")).toBe("X-Qiniu-Some-Header");
    expect(canonicalMimeHeaderKey("x-qiniu-a b")).toBe("x-qiniu-a b");
    const s = qiniuV2SigningString({
      method: "GET",
      path: "/",
      host: "h",
      headers: [
        ["x-qiniu-b", "2"],
        ["X-QINIU-A", "1"],
        ["x-qiniu-b", "3"],
        ["x-qiniu-", "no"],
        ["x-other", "no"],
      ],
    });
    expect(s).toBe("GET /\nHost: h\nContent-Type: application/x-www-form-urlencoded\nX-Qiniu-A: 1\nX-Qiniu-B: 3\n\n");
  });

  it("agrees with the SDK's canonicalMimeHeaderKey on token names", () => {
    fc.assert(
      fc.property(headerName, (n) => {
        expect(canonicalMimeHeaderKey(n)).toBe(qiniu.util.canonicalMimeHeaderKey(n));
      }),
    );
  });

  it("formats X-Qiniu-Date in UTC", () => {
    expect(qiniuDate(Date.UTC(2023, 10, 14, 22, 13, 20, 999))).toBe("20231114T221320Z");
  });
});
