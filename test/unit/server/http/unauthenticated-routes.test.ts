import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as pfopNotifyPost } from "@/app/api/qiniu/pfop-notify/route";
import { UNAUTHENTICATED_BODY_LIMIT } from "@/server/http/read-body";
import { countingBody, streamingPost } from "@/test/support/counting-body";

// The open POST routes other than the upload callback (test/unit/server/upload/callback-route.test.ts) with a chunked
// body far past the cap: each answers 413 having pulled little more than the cap, and nothing reaches the handler
// behind it (no database, no next-auth: neither is set up here, so reaching them would fail the test differently).

const MiB = 1024 * 1024;
const CHUNK = 16 * 1024;

describe("open routes refuse an oversized chunked body without reading it", () => {
  it("the pfop notification route", async () => {
    const body = countingBody(32 * MiB, CHUNK, 0x20);
    const res = await pfopNotifyPost(streamingPost("http://console.test/api/qiniu/pfop-notify", body, { "content-type": "application/json" }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "body too large" });
    expect(body.pulled()).toBeLessThanOrEqual(UNAUTHENTICATED_BODY_LIMIT + 2 * CHUNK);
    expect(body.cancelled()).toBe(true);
  });

  it("next-auth's endpoints (the login form posts there before anyone is signed in)", async () => {
    const body = countingBody(32 * MiB, CHUNK);
    const req = new NextRequest(
      streamingPost("http://console.test/api/auth/callback/credentials", body, { "content-type": "application/x-www-form-urlencoded" }),
    );
    const res = await authPost(req, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(UNAUTHENTICATED_BODY_LIMIT + 2 * CHUNK);
    expect(body.cancelled()).toBe(true);
  });
});
