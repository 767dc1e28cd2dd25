import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { readBodyWithin, readTextWithin, UNAUTHENTICATED_BODY_LIMIT, withBodyWithin } from "@/server/http/read-body";
import { countingBody, streamingPost } from "@/test/support/counting-body";

const URL_ = "http://console.test/api/x";
const CHUNK = 16 * 1024;

describe("reading an unauthenticated body within a cap", () => {
  it("returns a streamed body within the cap whole, across chunks", async () => {
    const body = countingBody(40_000, 7_000, 0x62);
    const bytes = await readBodyWithin(streamingPost(URL_, body), UNAUTHENTICATED_BODY_LIMIT);
    expect(bytes?.byteLength).toBe(40_000);
    expect(bytes?.every((b) => b === 0x62)).toBe(true);
    expect(await readTextWithin(new Request(URL_, { method: "POST", body: "猫=1" }), 16)).toBe("猫=1");
  });

  it("takes a body of exactly the cap and refuses one byte more", async () => {
    expect((await readBodyWithin(streamingPost(URL_, countingBody(1024, 100)), 1024))?.byteLength).toBe(1024);
    expect(await readBodyWithin(streamingPost(URL_, countingBody(1025, 100)), 1024)).toBeNull();
  });

  it("stops pulling a chunked body once it passes the cap, and cancels the stream", async () => {
    const body = countingBody(64 * 1024 * 1024, CHUNK);
    expect(await readBodyWithin(streamingPost(URL_, body), UNAUTHENTICATED_BODY_LIMIT)).toBeNull();
    expect(body.pulled()).toBeLessThanOrEqual(UNAUTHENTICATED_BODY_LIMIT + 2 * CHUNK);
    expect(body.cancelled()).toBe(true);
  });

  it("refuses a declared Content-Length past the cap without reading the body", async () => {
    const body = countingBody(1024 * 1024, CHUNK);
    const req = streamingPost(URL_, body, { "content-length": String(1024 * 1024) });
    expect(await readBodyWithin(req, UNAUTHENTICATED_BODY_LIMIT)).toBeNull();
    expect(body.pulled()).toBeLessThanOrEqual(CHUNK);
  });

  it("hands next-auth a request whose body was read within the cap, or null", async () => {
    const small = await withBodyWithin(new NextRequest(URL_, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' }), 1024);
    expect(await small?.json()).toEqual({ a: 1 });
    expect(small?.nextUrl.pathname).toBe("/api/x");
    const big = countingBody(8 * 1024 * 1024, CHUNK);
    expect(await withBodyWithin(new NextRequest(streamingPost(URL_, big)), UNAUTHENTICATED_BODY_LIMIT)).toBeNull();
    expect(big.pulled()).toBeLessThanOrEqual(UNAUTHENTICATED_BODY_LIMIT + 2 * CHUNK);
    const get = new NextRequest(URL_);
    expect(await withBodyWithin(get, 1)).toBe(get);
  });
});
