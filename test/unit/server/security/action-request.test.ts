import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT, refuseMalformedAction } from "@/server/security/action-request";

// React's own encoder, as the console's pages use it to send server action arguments.
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.node") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

const ORIGIN = "http://console.test:3000";

/** A server action request as a browser's fetch sends it (Content-Length included, as undici computes it). */
async function actionRequest(body: string | FormData | Uint8Array, headers: Record<string, string> = {}): Promise<Request> {
  const draft = new Request(`${ORIGIN}/buckets`, { method: "POST", body: body as BodyInit });
  const bytes = new Uint8Array(await draft.arrayBuffer());
  const type = typeof body === "string" ? "text/plain;charset=UTF-8" : (draft.headers.get("content-type") ?? "application/octet-stream");
  return new Request(`${ORIGIN}/buckets`, {
    method: "POST",
    body: bytes,
    headers: { host: "console.test:3000", origin: ORIGIN, "next-action": "7f00", "content-type": type, "content-length": String(bytes.length), ...headers },
  });
}

async function answer(req: Request, fetchAction = true): Promise<{ status: number; text: string } | null> {
  const res = await refuseMalformedAction(req, { fetchAction });
  return res && { status: res.status, text: await res.text() };
}

describe("refuseMalformedAction", () => {
  it("lets through what React's encoder sends", async () => {
    const form = new FormData();
    form.append("file", "x");
    const values: unknown[][] = [
      [],
      [{ bucket: "b", key: "$weird", keys: ["$$", "$@1", "$K", "\u0000"] }],
      [undefined, 10n, new Date(0), NaN, -0, Infinity],
      [new Map([["a", new Set([1, 2])]])],
      [form],
      [new Uint8Array([1, 2, 3]), { nested: [[[[{ deep: true }]]]] }],
    ];
    for (const value of values)
      expect(
        await answer(await actionRequest(await encodeReply(value))),
        JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}` : v)),
      ).toBeNull();
  });

  it.each([
    ["garbage", "not json at all \u0000"],
    ["unterminated JSON", '[{"bucket":"'],
    ["a reference to a part never sent", '["$@7"]'],
    ["an outlined model in a one-part body", '[{"a":"$1"}]'],
    ["a typed array in a one-part body", '["$o1"]'],
    ["a BigInt that does not parse", '["$nabc"]'],
    ["a BigInt beyond React's limit", `["$n${"9".repeat(301)}"]`],
    ["deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`],
  ])("refuses a text body with %s: 400", async (_name, body) => {
    const res = await answer(await actionRequest(body));
    expect(res?.status).toBe(400);
    expect(res?.text).toMatch(/^Malformed server action request: .+\.\n$/);
  });

  it("refuses bytes that are not UTF-8: 400", async () => {
    expect((await answer(await actionRequest(new Uint8Array([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]))))?.status).toBe(400);
  });

  it("refuses malformed multipart, a missing root part and dangling references: 400", async () => {
    const bad = await actionRequest("--xyz\r\ngarbage", { "content-type": "multipart/form-data; boundary=xyz" });
    expect((await answer(bad))?.status).toBe(400);
    const noBoundary = await actionRequest("[]", { "content-type": "multipart/form-data" });
    expect((await answer(noBoundary))?.status).toBe(400);
    const noRoot = new FormData();
    noRoot.append("1", "[]");
    expect((await answer(await actionRequest(noRoot)))?.status).toBe(400);
    const dangling = new FormData();
    dangling.append("0", '["$Q2"]');
    expect((await answer(await actionRequest(dangling)))?.status).toBe(400);
    const notJson = new FormData();
    notJson.append("0", '["$1"]');
    notJson.append("1", "{nope");
    expect((await answer(await actionRequest(notJson)))?.status).toBe(400);
  });

  it("answers 413 above the limit and 411 without a length, before reading the body", async () => {
    const huge = await actionRequest(JSON.stringify(["x".repeat(ACTION_BODY_LIMIT)]));
    expect(await answer(huge)).toEqual({ status: 413, text: "Request body too large: server action requests are limited to 2 MB.\n" });
    const chunked = new Request(`${ORIGIN}/buckets`, { method: "POST", body: "[]", headers: { host: "console.test:3000", "next-action": "7f00" } });
    expect(chunked.headers.get("content-length")).toBeNull();
    expect((await answer(chunked))?.status).toBe(411);
    expect((await answer(await actionRequest("[]", { "content-length": "1e3" })))?.status).toBe(400);
  });

  it("answers a cross-origin call with 403 (Next would answer 500)", async () => {
    expect((await answer(await actionRequest("[]", { origin: "http://evil.example" })))?.status).toBe(403);
    expect((await answer(await actionRequest("[]", { origin: "null" })))?.status).toBe(403);
    expect(await answer(await actionRequest("[]", { origin: "http://proxy.example", "x-forwarded-host": "proxy.example" }))).toBeNull();
  });

  it("checks only the multipart framing of a POST without Next-Action, and ignores other bodies", async () => {
    expect(await answer(await actionRequest("not json", { "next-action": "" }), false)).toBeNull();
    const bad = await actionRequest("--xyz\r\ngarbage", { "content-type": "multipart/form-data; boundary=xyz" });
    expect((await answer(bad, false))?.status).toBe(400);
    const form = new FormData();
    form.append("$ACTION_ID_abc", "");
    expect(await answer(await actionRequest(form), false)).toBeNull();
  });
});
