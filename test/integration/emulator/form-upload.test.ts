// Form upload with the full put policy (docs/qiniu-protocol.md §2, §5, §7.1), driven by the official Node SDK and,
// where the SDK cannot express a case (field order, wrong crc32, returnUrl), by hand-built multipart requests.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { urlsafeBase64DecodeToString } from "@/lib/qiniu/base64";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, viaCallback, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
const B = "form-up";

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  await call(sdk.bucketManager.createBucket(B, { regionId: "z0" }));
});
afterAll(() => emu?.stop());

function put(token: string, key: string | null, data: Buffer | string, extra?: Partial<Record<string, unknown>>) {
  const pe = Object.assign(new sdk.qiniu.form_up.PutExtra(), extra);
  return call<Record<string, unknown>>(sdk.formUploader.put(token, key, Buffer.from(data), pe)).catch((e) => e as { status?: number });
}

/** A multipart POST built by hand; `fields` keep their order, `file` goes where `fileAt` says. */
async function post(fields: [string, string][], file: { data: Buffer; name?: string; type?: string }, fileAt = fields.length, init?: RequestInit) {
  const form = new FormData();
  const entries: ([string, string] | "file")[] = [...fields];
  entries.splice(fileAt, 0, "file");
  for (const e of entries) {
    if (e === "file") form.append("file", new Blob([new Uint8Array(file.data)], { type: file.type ?? "application/octet-stream" }), file.name ?? "blob");
    else form.append(e[0], e[1]);
  }
  return fetch(emu.endpoints.up, { method: "POST", body: form, ...init });
}

const stat = (key: string) => call<Record<string, unknown>>(sdk.bucketManager.stat(B, key)).catch((e) => e as { status?: number });
const statusOf = (r: unknown) => (r as { status?: number }).status;

describe("tokens", () => {
  it("stores the file and answers {hash, key}; without a key the etag becomes the key", async () => {
    const data = Buffer.from("form upload body");
    const r = await put(sdk.uploadToken({ scope: B }), "a/one.txt", data);
    expect(r).toMatchObject({ status: 200, data: { key: "a/one.txt", hash: etagOfBuffer(data) } });
    const nokey = await put(sdk.uploadToken({ scope: B }), null, "keyless");
    expect((nokey as { data: { key: string; hash: string } }).data.key).toBe(etagOfBuffer(Buffer.from("keyless")));
  });

  it("refuses bad, foreign, expired and missing tokens with 401", async () => {
    const good = sdk.uploadToken({ scope: B });
    const [ak, , policy] = good.split(":");
    expect(statusOf(await put(`${ak}:AAAAAAAAAAAAAAAAAAAAAAAAAAA=:${policy}`, "t.txt", "x"))).toBe(401);
    expect(statusOf(await put(`nobody:${good.split(":")[1]}:${policy}`, "t.txt", "x"))).toBe(401);
    const expired = new sdk.qiniu.rs.PutPolicy({ scope: B, expires: 3600 } as never).uploadToken(sdk.mac);
    const expiredPolicy = JSON.parse(urlsafeBase64DecodeToString(expired.split(":")[2]));
    expiredPolicy.deadline = Math.floor(Date.now() / 1000) - 10;
    const { signUploadToken } = await import("@/lib/qiniu/auth");
    const old = signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, expiredPolicy);
    expect(statusOf(await put(old, "t.txt", "x"))).toBe(401);
    const missing = await post([["key", "t.txt"]], { data: Buffer.from("x") });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("x-reqid")).toBeTruthy();
    expect(statusOf(await stat("t.txt"))).toBe(612);
  });
});

describe("scope, keylimit and insert-only", () => {
  it("enforces key scope, prefix scope and keylimit with 403", async () => {
    expect(statusOf(await put(sdk.uploadToken({ scope: `${B}:only.txt` }), "other.txt", "x"))).toBe(403);
    expect(statusOf(await put(sdk.uploadToken({ scope: `${B}:only.txt` }), null, "x"))).toBe(403);
    expect(statusOf(await put(sdk.uploadToken({ scope: `${B}:only.txt` }), "only.txt", "x"))).toBe(200);
    const prefix = sdk.uploadToken({ scope: `${B}:user/7/`, isPrefixalScope: 1 });
    expect(statusOf(await put(prefix, "user/7/avatar.png", "x"))).toBe(200);
    expect(statusOf(await put(prefix, "user/8/avatar.png", "x"))).toBe(403);
    const limited = sdk.uploadToken({ scope: B, keylimit: ["k1.txt", "k2.txt"] });
    expect(statusOf(await put(limited, "k2.txt", "x"))).toBe(200);
    expect(statusOf(await put(limited, "k3.txt", "x"))).toBe(403);
  });

  it("bucket-scope form uploads are insert-only: 614 for new content, 200 for identical content", async () => {
    const t = sdk.uploadToken({ scope: B });
    expect(statusOf(await put(t, "io/a.txt", "first"))).toBe(200);
    expect(statusOf(await put(t, "io/a.txt", "first"))).toBe(200);
    const conflict = await put(t, "io/a.txt", "second");
    expect(statusOf(conflict)).toBe(614);
    // A key scope allows overwriting, unless insertOnly is set.
    expect(statusOf(await put(sdk.uploadToken({ scope: `${B}:io/a.txt` }), "io/a.txt", "second"))).toBe(200);
    expect(statusOf(await put(sdk.uploadToken({ scope: `${B}:io/a.txt`, insertOnly: 1 }), "io/a.txt", "third"))).toBe(614);
    const st = await stat("io/a.txt");
    expect((st as { data: { hash: string } }).data.hash).toBe(etagOfBuffer(Buffer.from("second")));
  });
});

describe("policy fields", () => {
  it("saveKey with magic variables names the object; forceSaveKey ignores the client key", async () => {
    const t = sdk.uploadToken({ scope: B, saveKey: "saved/$(year)/$(etag)$(ext)" });
    const data = Buffer.from("save key body");
    const r = (await post([["token", t]], { data, name: "photo.txt" })).json() as Promise<{ key: string }>;
    expect((await r).key).toBe(`saved/${new Date().getFullYear()}/${etagOfBuffer(data)}.txt`);
    const clientWins = await put(t, "client.txt", "c");
    expect((clientWins as { data: { key: string } }).data.key).toBe("client.txt");
    const forced = await put(sdk.uploadToken({ scope: B, saveKey: "forced/$(fname)", forceSaveKey: true }), "client.txt", "f", { fname: "orig.bin" });
    expect((forced as { data: { key: string } }).data.key).toBe("forced/orig.bin");
  });

  it("fsizeLimit gives 413, fsizeMin 400, and nothing is stored", async () => {
    expect(statusOf(await put(sdk.uploadToken({ scope: B, fsizeLimit: 4 }), "big.txt", "12345"))).toBe(413);
    expect(statusOf(await put(sdk.uploadToken({ scope: B, fsizeMin: 10 }), "small.txt", "123"))).toBe(400);
    expect(statusOf(await stat("big.txt"))).toBe(612);
    expect(statusOf(await put(sdk.uploadToken({ scope: B, fsizeLimit: 5, fsizeMin: 5 }), "exact.txt", "12345"))).toBe(200);
  });

  it("stops writing an over-limit file early when the token comes first, and still answers 413", async () => {
    const t = sdk.uploadToken({ scope: B, fsizeLimit: 1024 * 1024 });
    const r = await post(
      [
        ["token", t],
        ["key", "huge.bin"],
      ],
      { data: Buffer.alloc(8 * 1024 * 1024, 1) },
    );
    expect(r.status).toBe(413);
    expect(statusOf(await stat("huge.bin"))).toBe(612);
  });

  it("mimeLimit refuses other types with 403; detectMime uses the content, not the client's type", async () => {
    const png = await sharp({ create: { width: 4, height: 3, channels: 3, background: "#f00" } })
      .png()
      .toBuffer();
    const onlyImages = sdk.uploadToken({ scope: B, mimeLimit: "image/*" });
    expect(statusOf(await put(onlyImages, "m/t.txt", "text", { mimeType: "text/plain" }))).toBe(403);
    expect(statusOf(await put(onlyImages, "m/p.png", png, { mimeType: "image/png" }))).toBe(200);
    await put(sdk.uploadToken({ scope: B, detectMime: 1 }), "m/liar.txt", png, { mimeType: "text/plain" });
    expect(((await stat("m/liar.txt")) as { data: { mimeType: string } }).data.mimeType).toBe("image/png");
    await put(sdk.uploadToken({ scope: B }), "m/client.bin", png, { mimeType: "application/x-custom" });
    expect(((await stat("m/client.bin")) as { data: { mimeType: string } }).data.mimeType).toBe("application/x-custom");
  });

  it("renders returnBody with magic and custom variables, JSON-aware (bare and quoted)", async () => {
    const png = await sharp({ create: { width: 7, height: 5, channels: 4, background: "#0f0" } })
      .png()
      .toBuffer();
    const t = sdk.uploadToken({
      scope: B,
      endUser: "user-42",
      returnBody:
        '{"key":$(key),"hash":"$(etag)","size":$(fsize),"name":$(fname),"mime":"$(mimeType)","a":$(x:a),"q":"say \\"$(x:q)\\"","w":$(imageInfo.width),"u":$(endUser),"missing":$(x:none)}',
    });
    const r = await put(t, "rb/pic.png", png, { fname: "pic.png", params: { "x:a": "va", "x:q": 'he said "hi"' } });
    expect(r).toMatchObject({ status: 200 });
    expect((r as { data: unknown }).data).toEqual({
      key: "rb/pic.png",
      hash: etagOfBuffer(png),
      size: png.length,
      name: "pic.png",
      mime: "image/png",
      a: "va",
      q: 'say "he said "hi""',
      w: 7,
      u: "user-42",
      missing: null,
    });
  });

  it("returnUrl answers 303 with the rendered body in upload_ret", async () => {
    const t = sdk.uploadToken({ scope: B, returnUrl: "http://app.example.com/done?from=qiniu", returnBody: '{"k":"$(key)"}' });
    const res = await post(
      [
        ["token", t],
        ["key", "ru.txt"],
      ],
      { data: Buffer.from("r") },
      2,
      { redirect: "manual" },
    );
    expect(res.status).toBe(303);
    const loc = new URL(res.headers.get("location")!);
    expect(loc.origin + loc.pathname).toBe("http://app.example.com/done");
    expect(JSON.parse(urlsafeBase64DecodeToString(loc.searchParams.get("upload_ret")!))).toEqual({ k: "ru.txt" });
  });

  it("applies deleteAfterDays, fileType, endUser and x-qn-meta fields to the stored object", async () => {
    const t = sdk.uploadToken({ scope: B, deleteAfterDays: 2, fileType: 1, endUser: "eu" });
    await put(t, "attrs.txt", "a", { metadata: { "x-qn-meta-color": "red" } });
    const st = (await stat("attrs.txt")) as { data: Record<string, unknown> };
    expect(st.data).toMatchObject({ type: 1, endUser: "eu", "x-qn-meta": { color: "red" } });
    expect(st.data.expiration).toBe(Math.floor((st.data.putTime as number) / 1e7) + 2 * 86400);
  });
});

describe("multipart details", () => {
  it("accepts qiniu-js field order (file first) and checks crc32 sent after the file", async () => {
    const data = Buffer.from("qiniu-js order");
    const t = sdk.uploadToken({ scope: B });
    const ok = await post(
      [
        ["token", t],
        ["key", "js.txt"],
        ["fname", "js.txt"],
        ["crc32", String(crc32(data) >>> 0)],
      ],
      { data },
      0,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ hash: etagOfBuffer(data), key: "js.txt" });
    const wrong = await post(
      [
        ["token", t],
        ["key", "crc.txt"],
        ["crc32", String((crc32(data) + 1) >>> 0)],
      ],
      { data },
      0,
    );
    expect(wrong.status).toBe(406);
    expect(statusOf(await stat("crc.txt"))).toBe(612);
    const bad = await post(
      [
        ["token", t],
        ["key", "crc.txt"],
        ["crc32", "abc"],
      ],
      { data },
    );
    expect(bad.status).toBe(400);
    // The SDK computes and sends crc32 itself with checkCrc.
    expect(statusOf(await put(t, "sdkcrc.txt", "crc by sdk", { checkCrc: true }))).toBe(200);
  });

  it("answers CORS preflights on the up host", async () => {
    const res = await fetch(emu.endpoints.up, {
      method: "OPTIONS",
      headers: { Origin: "http://console.local", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-qiniu-date" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://console.local");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Content-MD5/);
    expect(res.headers.get("access-control-expose-headers")).toMatch(/X-Reqid/);
  });
});

describe("callbacks and persistentOps", () => {
  let server: http.Server;
  let url: string;
  const received: { auth: string; body: string; host: string; type: string; path: string }[] = [];
  let mode: "ok" | "fail" = "ok";

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({
          auth: req.headers.authorization ?? "",
          body,
          host: req.headers.host ?? "",
          type: req.headers["content-type"] ?? "",
          path: req.url ?? "",
        });
        if (mode === "fail") {
          res.statusCode = 500;
          res.end("broken");
          return;
        }
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify({ ok: true, echoed: body }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/qiniu/callback?src=test`;
  });
  afterAll(() => server?.close());

  it("POSTs a QBox-signed form callback and passes the app's answer through", async () => {
    mode = "ok";
    const t = sdk.uploadToken({ scope: B, callbackUrl: url, callbackHost: "app.example.com", callbackBody: "key=$(key)&size=$(fsize)&who=$(x:who)" });
    const r = await put(t, "cb/a b.txt", "callback me", { params: { "x:who": "小明 & co" } });
    expect(r).toMatchObject({ status: 200, data: { ok: true } });
    const last = received[received.length - 1];
    expect(last.body).toBe(`key=${encodeURIComponent("cb/a b.txt")}&size=11&who=${encodeURIComponent("小明 & co")}`);
    expect(last.host).toBe("app.example.com");
    expect(last.type).toBe("application/x-www-form-urlencoded");
    expect(sdk.qiniu.util.isQiniuCallback(sdk.mac, url, last.body, last.auth)).toBe(true);
    expect(sdk.qiniu.util.isQiniuCallback(sdk.mac, url, last.body + "x", last.auth)).toBe(false);
  });

  it("sends JSON callback bodies with JSON-aware substitution", async () => {
    mode = "ok";
    const t = sdk.uploadToken({
      scope: B,
      callbackUrl: url,
      callbackBodyType: "application/json",
      callbackBody: '{"key":"$(key)","size":$(fsize),"v":$(x:v)}',
    });
    await put(t, "cb/json.txt", "json", { params: { "x:v": 'quote"d' } });
    const last = received[received.length - 1];
    expect(last.type).toBe("application/json");
    expect(JSON.parse(last.body)).toEqual({ key: "cb/json.txt", size: 4, v: 'quote"d' });
    expect(sdk.qiniu.util.isQiniuCallback(sdk.mac, url, "", last.auth)).toBe(true);
  });

  it("answers 579 when the callback fails, and the object stays stored", async () => {
    mode = "fail";
    const t = sdk.uploadToken({ scope: B, callbackUrl: url, callbackBody: "key=$(key)" });
    const r = await post(
      [
        ["token", t],
        ["key", "cb/fail.txt"],
      ],
      { data: Buffer.from("stored anyway") },
    );
    expect(r.status).toBe(579);
    const detail = JSON.parse(((await r.json()) as { error: string }).error);
    expect(detail).toMatchObject({ key: "cb/fail.txt", err_code: 500, callback_body: "key=cb%2Ffail.txt" });
    expect(statusOf(await stat("cb/fail.txt"))).toBe(200);
    const unreachable = sdk.uploadToken({ scope: B, callbackUrl: "http://127.0.0.1:1/cb", callbackBody: "k=$(key)" });
    expect(statusOf(await put(unreachable, "cb/unreach.txt", "u"))).toBe(579);
  });

  it("tries several callback URLs joined by ';' in order", async () => {
    mode = "ok";
    const t = sdk.uploadToken({ scope: B, callbackUrl: `http://127.0.0.1:1/down;${url}`, callbackBody: "k=$(key)" });
    expect(await put(t, "cb/second.txt", "2")).toMatchObject({ status: 200, data: { ok: true, echoed: "k=cb%2Fsecond.txt" } });
  });

  it("queues persistentOps: the answer carries the persistentId and the job runs to completion", async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#00f" } })
      .png()
      .toBuffer();
    const saveas = Buffer.from(`${B}:thumbs/pic.png`).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    const t = sdk.uploadToken({ scope: B, persistentOps: `imageView2/2/w/10|saveas/${saveas}`, returnBody: '{"key":"$(key)","pid":"$(persistentId)"}' });
    const r = (await put(t, "pf/pic.png", png)) as { data: { key: string; pid: string } };
    expect(r.data.pid).toMatch(/^z0\./);
    let status: { code?: number } = {};
    for (let i = 0; i < 100 && status.code !== 0 && status.code !== 3; i++) {
      await new Promise((res) => setTimeout(res, 100));
      status = (await viaCallback<{ code: number }>((cb) => sdk.operationManager.prefop(r.data.pid, cb as never))).data;
    }
    expect(status.code).toBe(0);
    const thumb = await stat("thumbs/pic.png");
    expect(statusOf(thumb)).toBe(200);
  });
});
