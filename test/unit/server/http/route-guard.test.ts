import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { translate } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/messages";
import { QiniuClient } from "@/lib/qiniu/client";
import type { SessionUser } from "@/server/auth/session";
import { runRoute, searchInput, type ReadDefinition, type RouteEnv } from "@/server/http/route-guard";

// The guard of the GET reads (server/http/route-guard.ts): the same session → role → input → scope checks as server
// actions, errors as translated JSON with a fitting status, and the request's signal around the Qiniu calls.

const editor: SessionUser = { id: "u-ed", email: "ed@example.test", name: "Ed", role: "editor", scopes: [{ bucket: "media", prefix: "img/" }] };
const viewer: SessionUser = { id: "u-vi", email: "vi@example.test", name: "Vi", role: "viewer", scopes: [] };

function env(user: SessionUser | null, locale: Locale = "en"): RouteEnv {
  return { user: async () => user, translator: async () => ({ locale, t: (key, vars) => translate(locale, key, vars) }) };
}

const listInput = z.object({ bucket: z.string().min(1), prefix: z.string().default(""), limit: z.coerce.number().int().min(1).max(1000).optional() });

function listRoute(handler = vi.fn(async (i: z.output<typeof listInput>) => ({ listed: i.prefix, limit: i.limit ?? null }))) {
  const def: ReadDefinition<typeof listInput, { listed: string; limit: number | null }> = {
    name: "objects.list",
    input: listInput,
    permission: "objects.read",
    target: (i) => ({ bucket: i.bucket, prefix: i.prefix }),
    handler,
  };
  return { def, handler };
}

const get = (path: string, init: RequestInit = {}) => new Request(`http://console.test${path}`, init);

async function answer(res: Response) {
  return {
    status: res.status,
    cache: res.headers.get("cache-control"),
    body: (await res.json()) as { ok: boolean; data?: unknown; error?: Record<string, unknown> },
  };
}

describe("the GET route guard", () => {
  it("answers an allowed read with typed JSON, reading the input from the query string and the path", async () => {
    const { def, handler } = listRoute();
    const a = await answer(await runRoute(def, get("/api/buckets/media/objects?prefix=img/cats/&limit=50"), { bucket: "media" }, env(editor)));
    expect(a).toEqual({ status: 200, cache: "no-store", body: { ok: true, data: { listed: "img/cats/", limit: 50 } } });
    expect(handler).toHaveBeenCalledWith({ bucket: "media", prefix: "img/cats/", limit: 50 }, expect.objectContaining({ user: editor }));
  });

  it("refuses a signed-out caller with 401 before looking at the input", async () => {
    const { def, handler } = listRoute();
    const a = await answer(await runRoute(def, get("/x?limit=garbage"), { bucket: "media" }, env(null)));
    expect(a.status).toBe(401);
    expect(a.body).toEqual({ ok: false, error: { code: "unauthorized", message: translate("en", "auth.errors.unauthorized") } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a role without the permission with 403, and a user outside their scope with 403", async () => {
    const { def, handler } = listRoute();
    const cdnOnly = { ...def, permission: "cdn.write" as const };
    const wrongRole = await answer(await runRoute(cdnOnly, get("/x"), { bucket: "media" }, env(viewer)));
    expect([wrongRole.status, wrongRole.body.error?.code]).toEqual([403, "forbidden"]);
    // The editor may read media/img/ only: the bucket's root and another bucket are refused.
    for (const [path, bucket] of [
      ["/x?prefix=", "media"],
      ["/x?prefix=doc/", "media"],
      ["/x?prefix=img/", "other"],
    ] as const) {
      const a = await answer(await runRoute(def, get(path), { bucket }, env(editor)));
      expect([a.status, a.body.error?.code, a.body.error?.message]).toEqual([403, "forbidden", translate("en", "auth.errors.forbidden")]);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses bad input with 400 and a translated message naming the field (zh-CN first)", async () => {
    const { def, handler } = listRoute();
    const zh = await answer(await runRoute(def, get("/x?prefix=img/&limit=0"), { bucket: "media" }, env(editor, "zh-CN")));
    expect(zh.status).toBe(400);
    expect(zh.body.error).toMatchObject({ code: "invalid_input", message: translate("zh-CN", "auth.errors.invalidInput") });
    expect(Object.keys(zh.body.error?.fields as object)).toEqual(["limit"]);
    expect(String((zh.body.error?.fields as Record<string, string>).limit)).toMatch(/[\u4e00-\u9fff]/);
    const en = await answer(await runRoute(def, get("/x?prefix=img/&limit=abc"), { bucket: "media" }, env(editor, "en")));
    expect([en.status, en.body.error?.message]).toEqual([400, translate("en", "auth.errors.invalidInput")]);
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses another site's fetch (a cookie riding along gets nothing)", async () => {
    const { def, handler } = listRoute();
    const a = await answer(
      await runRoute(def, get("/x?prefix=img/", { headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" } }), { bucket: "media" }, env(editor)),
    );
    expect([a.status, a.body.error?.code]).toEqual([403, "cross_site"]);
    expect(handler).not.toHaveBeenCalled();
  });

  it("maps an unknown failure to 500 with a reference, never a stack", async () => {
    const { def } = listRoute(
      vi.fn(async () => {
        throw new Error("secret internals at /srv/app/x.ts:12");
      }),
    );
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await runRoute(def, get("/x?prefix=img/"), { bucket: "media" }, env(editor));
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).not.toMatch(/secret internals|\/srv\/app|at /);
    expect(JSON.parse(text).error.code).toBe("internal");
  });

  it("reads repeated or [] names as arrays and lets path parameters win", () => {
    const url = new URL("http://c.test/x?keys[]=a&keys[]=b&one[]=x&d=1&d=2&bucket=evil&prefix=");
    expect(searchInput(url, { bucket: "media" })).toEqual({ keys: ["a", "b"], one: ["x"], d: ["1", "2"], bucket: "media", prefix: "" });
  });
});

describe("Qiniu calls under the guard", () => {
  // A TCP server that accepts and never answers: Qiniu (or the emulator) hanging.
  let silent: net.Server;
  let port = 0;
  const sockets = new Set<net.Socket>();
  const closed: number[] = [];
  beforeAll(async () => {
    silent = net.createServer((s) => {
      sockets.add(s);
      s.on("close", () => closed.push(Date.now()));
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    port = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  const hanging = (deadlineMs: number) => {
    const base = `http://127.0.0.1:${port}`;
    return new QiniuClient({
      accessKey: "ak",
      secretKey: "sk",
      hosts: { up: base, io: base, rs: base, rsf: base, api: base, uc: base, fusion: base },
      timeoutMs: 30_000,
      retries: 2,
      deadlineMs: { read: deadlineMs, write: deadlineMs },
    });
  };
  const statRoute = (client: QiniuClient): ReadDefinition<z.ZodObject<{ bucket: z.ZodString; key: z.ZodString }>, unknown> => ({
    name: "objects.stat",
    input: z.object({ bucket: z.string(), key: z.string() }),
    permission: "objects.read",
    target: (i) => i,
    handler: async (i) => client.stat(i.bucket, i.key),
  });

  it("turns an upstream that does not answer into a typed timeout error within the read timeout", async () => {
    const started = Date.now();
    const a = await answer(await runRoute(statRoute(hanging(400)), get("/x?key=img/a.png"), { bucket: "media" }, env(editor, "en")));
    const took = Date.now() - started;
    expect(a.status).toBe(504);
    expect(a.body.error).toEqual({ code: "qiniu.timeout", message: translate("en", "codes.qiniu.timeout", { seconds: 0.4 }), timeoutMs: 400 });
    expect(a.body.error?.message).toMatch(/did not answer within 0\.4 s/);
    // One deadline for the whole call: no retry starts after it (3 attempts would take ≥ 1.2 s).
    expect(took).toBeGreaterThanOrEqual(380);
    expect(took).toBeLessThan(1200);
  });

  it("cancels the upstream call when the browser's request is aborted", async () => {
    const before = sockets.size;
    const ac = new AbortController();
    const pending = runRoute(statRoute(hanging(20_000)), get("/x?key=img/a.png", { signal: ac.signal }), { bucket: "media" }, env(editor));
    await vi.waitFor(() => expect(sockets.size).toBeGreaterThan(before), { timeout: 5000 });
    const closedBefore = closed.length;
    const t0 = Date.now();
    ac.abort();
    const res = await pending;
    expect(res.status).toBe(499);
    expect(Date.now() - t0).toBeLessThan(1000);
    // The connection to the upstream is closed (fetch lets it go within seconds), not held for the 20 s deadline.
    await vi.waitFor(() => expect(closed.length).toBeGreaterThan(closedBefore), { timeout: 10_000 });
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
