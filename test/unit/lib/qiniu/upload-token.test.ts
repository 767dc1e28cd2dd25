import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signUploadToken } from "@/lib/qiniu/auth";
import { hmacSha1Base64Url } from "@/lib/qiniu/digest";
import { QiniuInputError } from "@/lib/qiniu/errors";
import { decodeUploadToken, finalizePutPolicy, parseScope, type PutPolicy } from "@/lib/qiniu/policy";
import { ak, anyKey, bucket, sk } from "./arbitraries";
import { creds, mac, qiniu } from "./sdk";

afterEach(() => vi.restoreAllMocks());

// The SDK's typings omit `keylimit` (an array); its code copies every field as given.
type SdkPolicyOptions = ConstructorParameters<typeof qiniu.rs.PutPolicy>[0];

const optionalFields = fc.record(
  {
    isPrefixalScope: fc.constantFrom(0, 1),
    insertOnly: fc.constantFrom(0, 1),
    endUser: fc.string(),
    returnUrl: fc.webUrl(),
    returnBody: fc.string(),
    callbackUrl: fc.webUrl(),
    callbackHost: fc.domain(),
    callbackBody: fc.string(),
    callbackBodyType: fc.constantFrom("application/json", "application/x-www-form-urlencoded"),
    persistentOps: fc.string(),
    persistentNotifyUrl: fc.webUrl(),
    persistentPipeline: fc.string(),
    persistentType: fc.constantFrom(0, 1),
    saveKey: fc.string(),
    forceSaveKey: fc.boolean(),
    fsizeMin: fc.nat(),
    fsizeLimit: fc.nat(),
    detectMime: fc.constantFrom(0, 1),
    mimeLimit: fc.constantFrom("image/*", "image/*;video/*", "!application/json"),
    deleteAfterDays: fc.nat(3650),
    fileType: fc.integer({ min: 0, max: 4 }),
    keylimit: fc.array(fc.string(), { maxLength: 3 }),
    trafficLimit: fc.nat(),
  },
  { requiredKeys: [] },
);

describe("upload tokens", () => {
  it("reproduces the protocol vector", () => {
    expect(signUploadToken(creds, { scope: "bkt", deadline: 1700003600 })).toBe(
      "test-ak:6Q_rAcKxLQTFcjGocCjUJSRqPTI=:eyJzY29wZSI6ImJrdCIsImRlYWRsaW5lIjoxNzAwMDAzNjAwfQ==",
    );
  });

  it("equals the official SDK's PutPolicy#uploadToken for any policy, key and expiry", () => {
    fc.assert(
      fc.property(
        ak,
        sk,
        bucket,
        fc.option(anyKey, { nil: undefined }),
        optionalFields,
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1_500_000_000_000, max: 4_000_000_000_000 }),
        (a, s, b, k, extra, expires, now) => {
          const scope = k === undefined ? b : `${b}:${k}`;
          vi.spyOn(Date, "now").mockReturnValue(now);
          const expected = new qiniu.rs.PutPolicy({ scope, ...extra, expires } as SdkPolicyOptions).uploadToken(mac(a, s));
          vi.restoreAllMocks();
          expect(signUploadToken({ accessKey: a, secretKey: s }, { scope, ...extra }, { expires, now: () => now })).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("uses 3600 s by default and keeps a given deadline unless an expiry is passed", () => {
    const now = () => 1_700_000_000_000;
    expect(decodeUploadToken(signUploadToken(creds, { scope: "b" }, { now })).policy.deadline).toBe(1_700_003_600);
    expect(decodeUploadToken(signUploadToken(creds, { scope: "b", deadline: 42 }, { now })).policy.deadline).toBe(42);
    expect(decodeUploadToken(signUploadToken(creds, { scope: "b", deadline: 42 }, { now, expires: 60 })).policy.deadline).toBe(1_700_000_060);
  });

  it("puts deadline last and drops undefined fields, like the SDK", () => {
    const p = finalizePutPolicy({ deadline: 5, scope: "b", returnBody: undefined, insertOnly: 1 } as PutPolicy);
    expect(JSON.stringify(p)).toBe('{"scope":"b","insertOnly":1,"deadline":5}');
  });

  it("refuses a policy without scope or with a bad lifetime", () => {
    expect(() => signUploadToken(creds, { scope: "" })).toThrow(QiniuInputError);
    expect(() => signUploadToken(creds, { scope: "b" }, { expires: 0 })).toThrow(QiniuInputError);
    expect(() => signUploadToken(creds, { scope: "b" }, { expires: Number.NaN })).toThrow(QiniuInputError);
  });
});

describe("decodeUploadToken", () => {
  it("round-trips any token and its signature verifies over the encoded policy", () => {
    fc.assert(
      fc.property(ak, sk, bucket, optionalFields, (a, s, b, extra) => {
        const token = signUploadToken({ accessKey: a, secretKey: s }, { scope: b, ...extra }, { now: () => 1e12 });
        const d = decodeUploadToken(token);
        expect(d.accessKey).toBe(a);
        expect(d.policy).toEqual({ scope: b, ...extra, deadline: 1e9 + 3600 });
        expect(d.sign).toBe(hmacSha1Base64Url(s, d.encodedPolicy));
        expect(qiniu.util.getAKFromUptoken(token)).toBe(a);
        expect(qiniu.util.getBucketFromUptoken(token)).toBe(b);
      }),
    );
  });

  it("refuses malformed tokens", () => {
    for (const bad of [
      "",
      "abc",
      "a:b",
      ":b:c",
      "a::c",
      "a:b:!!!",
      `a:b:${Buffer.from("[1]").toString("base64")}`,
      `a:b:${Buffer.from('{"scope":"x"}').toString("base64")}`,
    ]) {
      expect(() => decodeUploadToken(bad), bad).toThrow(QiniuInputError);
    }
  });

  it("splits scopes at the first ':'", () => {
    expect(parseScope("b")).toEqual({ bucket: "b" });
    expect(parseScope("b:k:x")).toEqual({ bucket: "b", key: "k:x" });
  });
});
