// The emulator's verifiers against the vectors in docs/qiniu-protocol.md §3–§4 (reproduced there with the Node SDK).
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { antiLeechValid, checkDeadline, verifyDownloadToken, verifyManagementRequest, verifyUploadToken } from "@/server/emulator/auth";

const keys = { secretFor: (ak: string) => ({ "test-ak": "test-sk", MY_ACCESS_KEY: "MY_SECRET_KEY" })[ak] };
const NOW = Date.UTC(2023, 10, 14, 22, 13, 20);

function req(method: string, headers: Record<string, string>): IncomingMessage {
  const rawHeaders = Object.entries(headers).flat();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, headers: lower, rawHeaders } as unknown as IncomingMessage;
}

describe("verifyManagementRequest", () => {
  it("accepts the Qiniu v2 vector with X-Qiniu-Date and a form Content-Type", () => {
    const r = req("GET", {
      Host: "rs-z0.qiniuapi.com",
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Qiniu-Date": "20231114T221320Z",
      Authorization: "Qiniu test-ak:HLKXX2gMjTVUfqfWYBypzax5Asw=",
    });
    expect(verifyManagementRequest(keys, r, "/stat/Ymt0OmEudHh0", Buffer.alloc(0), NOW)).toBe("test-ak");
  });

  it("accepts both the Node SDK's doubled port and the single port, and a request without Content-Type", () => {
    for (const sig of ["zRYFmsQo3eYj92HbVx4THC1_iGY=", "4NDXtk88orM6Ws59YAIZMakkyug="]) {
      const r = req("GET", { Host: "127.0.0.1:9000", Authorization: `Qiniu test-ak:${sig}` });
      expect(verifyManagementRequest(keys, r, "/stat/Ymt0OmEudHh0", Buffer.alloc(0), NOW)).toBe("test-ak");
    }
  });

  it("accepts the QBox vectors (with and without a signed form body)", () => {
    const move = req("POST", { Host: "rs.qiniu.com", Authorization: "QBox MY_ACCESS_KEY:FXsYh0wKHYPEsIAgdPD9OfjkeEM=" });
    expect(verifyManagementRequest(keys, move, "/move/bmV3ZG9jczpmaW5kX21hbi50eHQ=/bmV3ZG9jczpmaW5kLm1hbi50eHQ=", Buffer.alloc(0), NOW)).toBe("MY_ACCESS_KEY");
    const pfop = req("POST", { "Content-Type": "application/x-www-form-urlencoded", Authorization: "QBox test-ak:evSH2IxX0XaBvjuYIK_Lay5Ok0M=" });
    expect(verifyManagementRequest(keys, pfop, "/pfop/", Buffer.from("bucket=bkt&key=a.mp4&fops=avthumb%2Fmp4"), NOW)).toBe("test-ak");
  });

  it("refuses altered bodies, unknown keys and other schemes with 401, a correctly signed but skewed X-Qiniu-Date with 403", () => {
    const base = { "Content-Type": "application/x-www-form-urlencoded", Authorization: "QBox test-ak:evSH2IxX0XaBvjuYIK_Lay5Ok0M=" };
    const cases: [Record<string, string>, string][] = [
      [base, "bucket=bkt&key=b.mp4&fops=avthumb%2Fmp4"],
      [{ ...base, Authorization: "QBox nobody:evSH2IxX0XaBvjuYIK_Lay5Ok0M=" }, "bucket=bkt&key=a.mp4&fops=avthumb%2Fmp4"],
      [{ ...base, Authorization: "Bearer test-ak:x" }, ""],
      [{}, ""],
    ];
    for (const [headers, body] of cases) {
      expect(() => verifyManagementRequest(keys, req("POST", headers), "/pfop/", Buffer.from(body), NOW)).toThrow(expect.objectContaining({ status: 401 }));
    }
    const skewed = req("GET", {
      Host: "rs-z0.qiniuapi.com",
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Qiniu-Date": "20231114T221320Z",
      Authorization: "Qiniu test-ak:HLKXX2gMjTVUfqfWYBypzax5Asw=",
    });
    expect(() => verifyManagementRequest(keys, skewed, "/stat/Ymt0OmEudHh0", Buffer.alloc(0), NOW + 3600_000)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    const forgedAndSkewed = req("GET", { ...Object.fromEntries(Object.entries(skewed.headers)), authorization: "Qiniu test-ak:AAAAAAAAAAAAAAAAAAAAAAAAAAA=" });
    expect(() => verifyManagementRequest(keys, forgedAndSkewed, "/stat/Ymt0OmEudHh0", Buffer.alloc(0), NOW + 3600_000)).toThrow(
      expect.objectContaining({ status: 401 }),
    );
  });
});

describe("upload and download tokens", () => {
  it("verifies the upload token vector and checks the deadline separately", () => {
    const t = verifyUploadToken(keys, "test-ak:6Q_rAcKxLQTFcjGocCjUJSRqPTI=:eyJzY29wZSI6ImJrdCIsImRlYWRsaW5lIjoxNzAwMDAzNjAwfQ==");
    expect(t.policy).toEqual({ scope: "bkt", deadline: 1700003600 });
    expect(() => checkDeadline(t.policy, 1700003600 * 1000)).not.toThrow();
    expect(() => checkDeadline(t.policy, 1700003601 * 1000)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => verifyUploadToken(keys, "test-ak:6Q_rAcKxLQTFcjGocCjUJSRqPTI=:eyJzY29wZSI6ImJrdDIiLCJkZWFkbGluZSI6MTcwMDAwMzYwMH0=")).toThrow(
      expect.objectContaining({ status: 401 }),
    );
    expect(() => verifyUploadToken(keys, "garbage")).toThrow(expect.objectContaining({ status: 401 }));
  });

  it("verifies the private download vector and refuses expired or altered URLs", () => {
    const target = "/resource/flower.jpg?e=1451491200&token=MY_ACCESS_KEY:438dd8pXocjYuF-6dTcKMtETB2g=";
    expect(() => verifyDownloadToken(keys, "78re52.com1.z0.glb.clouddn.com", target, 1451491200 * 1000)).not.toThrow();
    expect(() => verifyDownloadToken(keys, "78re52.com1.z0.glb.clouddn.com", target, 1451491201 * 1000)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => verifyDownloadToken(keys, "other.host", target, 1451491200 * 1000)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => verifyDownloadToken(keys, "78re52.com1.z0.glb.clouddn.com", "/resource/flower.jpg", 0)).toThrow(expect.objectContaining({ status: 401 }));
  });

  it("checks CDN timestamp anti-leech signs on the raw path", () => {
    const q = new URLSearchParams("v=1.2&sign=b4b7f94dd7817ce0283b5491861c3936&t=55bb9b80");
    const key = "9388f4ba63b89bba5b9b84aa70a92eaac099d39b";
    expect(antiLeechValid(key, "/DIR1/%E4%B8%AD%E6%96%87/vodfile.mp4", q, 1438358400 * 1000)).toBe(true);
    expect(antiLeechValid(key, "/DIR1/%E4%B8%AD%E6%96%87/vodfile.mp4", q, 1438358401 * 1000)).toBe(false);
    expect(antiLeechValid(key, "/DIR1/other.mp4", q, 0)).toBe(false);
    expect(antiLeechValid(key, "/DIR1/%E4%B8%AD%E6%96%87/vodfile.mp4", new URLSearchParams("t=55bb9b80"), 0)).toBe(false);
  });
});
