import { describe, expect, it } from "vitest";
import { callbackBodyTemplate, parseCallbackBody, sealCallbackBody } from "@/lib/upload/callback-fields";

describe("callback body", () => {
  it("writes token-time values into the signed template, escaped", () => {
    const t = callbackBodyTemplate({ batchId: "b&1=x", userId: "u 1", overwrite: true });
    expect(t).toContain("batch=b%261%3Dx");
    expect(t).toContain("user=u%201");
    expect(t).toContain("overwrite=1");
  });

  it("parses a rendered, form-encoded body", () => {
    const body = new URLSearchParams({
      key: "team/a&b.png",
      hash: "Fto5o-5ea0sNMlW_75VgGJCv2AcJ",
      fsize: "0",
      mimeType: "image/png",
      bucket: "media",
      endUser: "u1",
      fname: "a&b.png",
      persistentId: "",
      relativePath: "a&b.png",
      batch: "b1",
      user: "u1",
      overwrite: "0",
      deadline: "1700003600",
      host: "console.example.com",
    }).toString();
    expect(parseCallbackBody(body)).toMatchObject({
      key: "team/a&b.png",
      fsize: 0,
      overwrite: false,
      batch: "b1",
      deadline: 1700003600,
      host: "console.example.com",
    });
  });

  it("rejects bodies without the required fields", () => {
    expect(parseCallbackBody("key=a")).toBeNull();
    expect(parseCallbackBody("key=a&hash=h&fsize=x&mimeType=a&bucket=b&endUser=u")).toBeNull();
  });
});

describe("sealCallbackBody", () => {
  it("appends the deadline and host so they are covered by the callback signature", () => {
    const sealed = sealCallbackBody("key=$(key)", { deadline: 1700003600, host: "console.example.com:3000" });
    expect(sealed).toBe("key=$(key)&deadline=1700003600&host=console.example.com%3A3000");
    const parsed = new URLSearchParams(sealed);
    expect(parsed.get("host")).toBe("console.example.com:3000");
  });
});
