// Buckets, region query and object management through the official Node SDK (npm qiniu), plus the Python SDK's
// request shapes (POST stat, GET list, batch ops without a leading slash, no Content-Type) sent by hand.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signQBox, signQiniuV2 } from "@/lib/qiniu/auth";
import { encodedEntry } from "@/lib/qiniu/entry";
import { QiniuClient } from "@/lib/qiniu/client";
import { chgmOp } from "@/lib/qiniu/ops";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
let mirror: http.Server;
let mirrorUrl: string;
const B = "mgmt-main";
const B2 = "mgmt-other";

async function upload(key: string, body: string, bucket = B): Promise<{ hash: string; key: string }> {
  const r = await call<{ hash: string; key: string }>(
    sdk.formUploader.put(sdk.uploadToken({ scope: `${bucket}:${key}` }), key, Buffer.from(body), new sdk.qiniu.form_up.PutExtra()),
  );
  expect(r.status).toBe(200);
  return r.data;
}

beforeAll(async () => {
  emu = await startEmulator({ allowLoopbackFetch: true });
  sdk = sdkFor(emu);
  mirror = http.createServer((req, res) => {
    if (req.url === "/mirrored/file.txt") {
      res.setHeader("Content-Type", "text/plain");
      res.end(`mirror content (Host: ${req.headers.host})`);
    } else {
      res.statusCode = 404;
      res.end("nope");
    }
  });
  await new Promise<void>((r) => mirror.listen(0, "127.0.0.1", r));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
  for (const b of [B, B2]) expect((await call(sdk.bucketManager.createBucket(b, { regionId: "z0" }))).status).toBe(200);
});

afterAll(async () => {
  await emu?.stop();
  mirror?.close();
});

describe("object operations", () => {
  it("stat returns hash, size, MIME, putTime, type and md5; a missing key gives 612", async () => {
    const up = await upload("stat/a.txt", "hello stat");
    const st = await call<Record<string, unknown>>(sdk.bucketManager.stat(B, "stat/a.txt"));
    expect(st.status).toBe(200);
    expect(st.data).toMatchObject({ hash: up.hash, fsize: 10, mimeType: "text/plain", type: 0, md5: createHash("md5").update("hello stat").digest("hex") });
    expect(st.data.putTime as number).toBeGreaterThan(Date.now() * 10000 - 600_000_000);
    expect(st.headers["x-reqid"]).toBeTruthy();
    const missing = await call(sdk.bucketManager.stat(B, "stat/nope")).catch((e) => e);
    expect(statusOf(missing)).toBe(612);
  });

  it("copy and move respect force (614 without it) and work across buckets", async () => {
    await upload("cp/src.txt", "source");
    await upload("cp/dst.txt", "existing destination");
    const conflict = await call(sdk.bucketManager.copy(B, "cp/src.txt", B, "cp/dst.txt", {})).catch((e) => e);
    expect(statusOf(conflict)).toBe(614);
    expect((await call(sdk.bucketManager.copy(B, "cp/src.txt", B, "cp/dst.txt", { force: true }))).status).toBe(200);
    const a = await call<{ hash: string }>(sdk.bucketManager.stat(B, "cp/src.txt"));
    const b = await call<{ hash: string }>(sdk.bucketManager.stat(B, "cp/dst.txt"));
    expect(b.data.hash).toBe(a.data.hash);
    expect((await call(sdk.bucketManager.move(B, "cp/src.txt", B2, "moved/src.txt", {}))).status).toBe(200);
    expect(statusOf(await call(sdk.bucketManager.stat(B, "cp/src.txt")).catch((e) => e))).toBe(612);
    expect((await call<{ hash: string }>(sdk.bucketManager.stat(B2, "moved/src.txt"))).data.hash).toBe(a.data.hash);
  });

  it("delete removes the object; deleting again gives 612", async () => {
    await upload("del/x.txt", "bye");
    expect((await call(sdk.bucketManager.delete(B, "del/x.txt"))).status).toBe(200);
    expect(statusOf(await call(sdk.bucketManager.delete(B, "del/x.txt")).catch((e) => e))).toBe(612);
  });

  it("chgm changes the MIME type and metadata, chtype the storage class, chstatus the status", async () => {
    await upload("meta/m.bin", "data");
    await call(sdk.bucketManager.changeMime(B, "meta/m.bin", "application/x-demo"));
    await call(sdk.bucketManager.changeHeaders(B, "meta/m.bin", { color: "blue" }));
    await call(sdk.bucketManager.changeType(B, "meta/m.bin", 1));
    await call(sdk.bucketManager.updateObjectStatus(B, "meta/m.bin", 1));
    const st = await call<Record<string, unknown>>(sdk.bucketManager.stat(B, "meta/m.bin"));
    expect(st.data).toMatchObject({ mimeType: "application/x-demo", type: 1, status: 1, "x-qn-meta": { "!color": "blue" } });
  });

  it("chstatus to the state the object is already in is a 400 ('already enabled' / 'already disabled')", async () => {
    await upload("status/s.txt", "s");
    const again = await call(sdk.bucketManager.updateObjectStatus(B, "status/s.txt", 0)).catch((e) => e);
    expect(statusOf(again)).toBe(400);
    await call(sdk.bucketManager.updateObjectStatus(B, "status/s.txt", 1));
    const twice = await call(sdk.bucketManager.updateObjectStatus(B, "status/s.txt", 1)).catch((e) => e);
    expect(statusOf(twice)).toBe(400);
  });

  it("chgm x-qn-meta-<name> adds and changes names, keeping the others", async () => {
    await upload("meta/kv.txt", "kv");
    const set = await call<{ code: number }[]>(sdk.bucketManager.batch([chgmOp(B, "meta/kv.txt", undefined, { a: "1", b: "2" })]));
    expect(set.data).toEqual([{ code: 200 }]);
    const changed = await call<{ code: number }[]>(sdk.bucketManager.batch([chgmOp(B, "meta/kv.txt", undefined, { a: "3" })]));
    expect(changed.data).toEqual([{ code: 200 }]);
    const st = await call<Record<string, unknown>>(sdk.bucketManager.stat(B, "meta/kv.txt"));
    expect(st.data["x-qn-meta"]).toEqual({ a: "3", b: "2" });
  });

  it("chgm with an empty value removes the name, in the middle of the path or at its end", async () => {
    await upload("meta/rm.txt", "rm");
    await call(sdk.bucketManager.batch([chgmOp(B, "meta/rm.txt", undefined, { a: "1", b: "2", c: "3", d: "4" })]));
    // a's empty value sits between two segments, d's ends the op
    const removed = await call<{ code: number }[]>(sdk.bucketManager.batch([chgmOp(B, "meta/rm.txt", undefined, { a: "", c: "9", d: "" })]));
    expect(removed.data).toEqual([{ code: 200 }]);
    const st = await call<Record<string, unknown>>(sdk.bucketManager.stat(B, "meta/rm.txt"));
    expect(st.data["x-qn-meta"]).toEqual({ b: "2", c: "9" });
    // the same as a single op (POST rs/chgm/…), the way the console's client sends it
    const e = emu.endpoints;
    const client = new QiniuClient({
      accessKey: emu.accessKey,
      secretKey: emu.secretKey,
      hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion },
    });
    await client.chgm(B, "meta/rm.txt", undefined, { e: "5", b: "" });
    expect((await client.stat(B, "meta/rm.txt"))["x-qn-meta"]).toEqual({ c: "9", e: "5" });
  });

  it("deleteAfterDays and lifecycle are reported by stat; restoreAr needs an archive object", async () => {
    await upload("life/l.txt", "lifecycle");
    await call(sdk.bucketManager.deleteAfterDays(B, "life/l.txt", 3));
    await call(sdk.bucketManager.setObjectLifeCycle(B, "life/l.txt", { toIaAfterDays: 1, toArchiveAfterDays: 2 } as never));
    const st = await call<Record<string, number>>(sdk.bucketManager.stat(B, "life/l.txt"));
    const put = Math.floor(st.data.putTime / 1e7);
    expect(st.data.expiration).toBe(put + 3 * 86400);
    expect(st.data.transitionToIA).toBe(put + 86400);
    expect(st.data.transitionToARCHIVE).toBe(put + 2 * 86400);
    const notArchive = await call(sdk.bucketManager.restoreAr(`${B}:life/l.txt`, 2)).catch((e) => e);
    expect(statusOf(notArchive)).toBe(400);
    await call(sdk.bucketManager.changeType(B, "life/l.txt", 2));
    expect((await call(sdk.bucketManager.restoreAr(`${B}:life/l.txt`, 2))).status).toBe(200);
    const restoring = await call<{ restoreStatus: number }>(sdk.bucketManager.stat(B, "life/l.txt"));
    expect(restoring.data.restoreStatus).toBe(1);
  });

  it("fetch pulls a loopback URL into the bucket; prefetch uses the bucket's mirror source", async () => {
    const f = await call<{ key: string; fsize: number; hash: string }>(sdk.bucketManager.fetch(`${mirrorUrl}/mirrored/file.txt`, B, "fetched.txt"));
    expect(f.status).toBe(200);
    expect(f.data.key).toBe("fetched.txt");
    expect(f.data.fsize).toBeGreaterThan(10);
    const bad = await call(sdk.bucketManager.fetch(`${mirrorUrl}/missing`, B, "x.txt")).catch((e) => e);
    expect([404, 478]).toContain(statusOf(bad));
    await call(sdk.bucketManager.image(B2, mirrorUrl, "mirror.example.com"));
    const p = await call<{ key: string }>(sdk.bucketManager.prefetch(B2, "mirrored/file.txt"));
    expect(p.data.key).toBe("mirrored/file.txt");
    const got = await fetch(`${(await info()).buckets[B2].domain}/mirrored/file.txt`);
    expect(await got.text()).toBe("mirror content (Host: mirror.example.com)");
  });

  it("refuses to fetch from non-loopback hosts (no open proxy)", async () => {
    const r = await call(sdk.bucketManager.fetch("http://example.com/a.png", B, "ex.png")).catch((e) => e);
    expect(statusOf(r)).toBe(403);
  });
});

describe("batch", () => {
  it("runs mixed ops in order and answers 298 with per-item codes on partial failure", async () => {
    await upload("batch/1.txt", "one");
    await upload("batch/2.txt", "two");
    const { qiniu } = sdk;
    const ops = [
      qiniu.rs.statOp(B, "batch/1.txt"),
      qiniu.rs.copyOp(B, "batch/1.txt", B, "batch/1-copy.txt"),
      qiniu.rs.moveOp(B, "batch/2.txt", B, "batch/2-moved.txt"),
      qiniu.rs.deleteOp(B, "batch/missing.txt"),
      qiniu.rs.changeMimeOp(B, "batch/1.txt", "text/x-one"),
    ];
    const r = await call<{ code: number; data?: Record<string, unknown> }[]>(sdk.bucketManager.batch(ops));
    expect(r.status).toBe(298);
    expect(r.data.map((x) => x.code)).toEqual([200, 200, 200, 612, 200]);
    expect(r.data[0].data).toMatchObject({ fsize: 3 });
    expect(r.data[3].data).toEqual({ error: "no such file or directory" });
    const ok = await call<{ code: number }[]>(sdk.bucketManager.batch([qiniu.rs.statOp(B, "batch/2-moved.txt")]));
    expect(ok.status).toBe(200);
  });

  it("accepts Python-style ops without a leading slash and rejects more than 1000 ops", async () => {
    await upload("batch/py.txt", "python");
    const body = `op=${encodeURIComponent(`stat/${encodedEntry(B, "batch/py.txt")}`)}`;
    const r = await signedFetch("POST", `${emu.endpoints.rs}/batch`, body);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { code: number }[])[0].code).toBe(200);
    const many = Array.from({ length: 1001 }, () => `op=${encodeURIComponent(`/stat/${encodedEntry(B, "batch/py.txt")}`)}`).join("&");
    expect((await signedFetch("POST", `${emu.endpoints.rs}/batch`, many)).status).toBe(400);
  });
});

describe("list", () => {
  it("pages in byte order with delimiter, commonPrefixes and opaque markers", async () => {
    const keys = ["list/a/1", "list/a/2", "list/b.txt", "list/c/x/y", "list/d.txt", "list/é.txt", "list/z.txt", "list/~.txt"];
    for (const k of keys) await upload(k, k);
    const seen: string[] = [];
    const prefixes: string[] = [];
    let marker: string | undefined = "";
    let pages = 0;
    do {
      const r: { data: { marker?: string; items: { key: string }[]; commonPrefixes?: string[] } } = await call(
        sdk.bucketManager.listPrefix(B, { prefix: "list/", delimiter: "/", limit: 2, marker }),
      );
      seen.push(...r.data.items.map((i) => i.key));
      prefixes.push(...(r.data.commonPrefixes ?? []));
      marker = r.data.marker;
      pages++;
    } while (marker);
    expect(prefixes).toEqual(["list/a/", "list/c/"]);
    expect(seen).toEqual(["list/b.txt", "list/d.txt", "list/z.txt", "list/~.txt", "list/é.txt"]);
    expect(pages).toBe(4);
    const all = await call<{ items: { key: string }[] }>(sdk.bucketManager.listPrefix(B, { prefix: "list/", limit: 1000 }));
    expect(all.data.items.map((i) => i.key)).toEqual([...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  });

  it("answers 640 for a bad marker and accepts Python's GET list without Content-Type", async () => {
    const bad = await call(sdk.bucketManager.listPrefix(B, { prefix: "list/", marker: "not-a-marker" })).catch((e) => e);
    expect(statusOf(bad)).toBe(640);
    const url = `${emu.endpoints.rsf}/list?bucket=${B}&prefix=list%2F&limit=3`;
    const r = await fetch(url, { headers: { Authorization: signQiniuV2(creds(), { method: "GET", url, contentType: null }) } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { items: unknown[] }).items).toHaveLength(3);
  });

  it("accepts POST stat with QBox auth and rejects a wrong signature with 401", async () => {
    await upload("auth/q.txt", "qbox");
    const path = `/stat/${encodedEntry(B, "auth/q.txt")}`;
    const ok = await fetch(`${emu.endpoints.rs}${path}`, { method: "POST", headers: { Authorization: signQBox(creds(), { path }) } });
    expect(ok.status).toBe(200);
    const wrong = await fetch(`${emu.endpoints.rs}${path}`, {
      method: "POST",
      headers: { Authorization: signQBox({ accessKey: emu.accessKey, secretKey: "wrong" }, { path }) },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("x-reqid")).toBeTruthy();
    expect(await wrong.json()).toEqual({ error: expect.any(String) });
    const unknownAk = await fetch(`${emu.endpoints.rs}${path}`, { headers: { Authorization: signQBox({ accessKey: "nobody", secretKey: "x" }, { path }) } });
    expect(unknownAk.status).toBe(401);
  });
});

describe("more object and list endpoints", () => {
  it("streams the deprecated /v2/list as newline-separated JSON", async () => {
    for (const k of ["v2l/a", "v2l/b/c", "v2l/d"]) await upload(k, k);
    const r = await signedFetch("POST", `${emu.endpoints.rsf}/v2/list?bucket=${B}&prefix=v2l%2F&delimiter=%2F&limit=0`);
    const lines = (await r.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { item: { key: string } | null; dir: string });
    expect(lines.map((l) => l.item?.key ?? l.dir)).toEqual(["v2l/a", "v2l/b/", "v2l/d"]);
  });

  it("chgm with a cond that no longer matches gives 608", async () => {
    const up = await upload("cond.txt", "cond");
    const entry = encodedEntry(B, "cond.txt");
    const mime = Buffer.from("text/x-new").toString("base64url");
    const cond = (hash: string) => Buffer.from(`hash=${hash}`).toString("base64url");
    expect((await signedFetch("POST", `${emu.endpoints.rs}/chgm/${entry}/mime/${mime}/cond/${cond("FoldHashXXXXXXXXXXXXXXXXXXXX")}`)).status).toBe(608);
    expect((await signedFetch("POST", `${emu.endpoints.rs}/chgm/${entry}/mime/${mime}/cond/${cond(up.hash)}`)).status).toBe(200);
  });

  it("runs async fetch jobs (/sisyphus/fetch) and reports them done", async () => {
    const url = `${emu.endpoints.api}/sisyphus/fetch`;
    const body = JSON.stringify({ url: `${mirrorUrl}/mirrored/file.txt`, bucket: B, key: "async.txt" });
    const headers = { "Content-Type": "application/json", Authorization: signQiniuV2(creds(), { method: "POST", url, body, contentType: "application/json" }) };
    const r = await fetch(url, { method: "POST", headers, body });
    const { id } = (await r.json()) as { id: string };
    let wait = 1;
    for (let i = 0; i < 50 && wait !== -1; i++) {
      await new Promise((res) => setTimeout(res, 50));
      wait = ((await (await signedFetch("GET", `${url}?id=${id}`)).json()) as { wait: number }).wait;
    }
    expect(wait).toBe(-1);
    expect((await call<{ fsize: number }>(sdk.bucketManager.stat(B, "async.txt"))).status).toBe(200);
  });
});

function creds() {
  return { accessKey: emu.accessKey, secretKey: emu.secretKey };
}

async function info(): Promise<{ buckets: Record<string, { domain: string; private: boolean }> }> {
  return (await fetch(`${emu.endpoints.uc}/__emulator`)).json() as Promise<{ buckets: Record<string, { domain: string; private: boolean }> }>;
}

function signedFetch(method: string, url: string, form?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (form !== undefined) headers["Content-Type"] = "application/x-www-form-urlencoded";
  headers.Authorization = signQiniuV2(creds(), { method, url, body: form, contentType: form !== undefined ? undefined : null });
  return fetch(url, { method, headers, body: form });
}

function statusOf(x: unknown): number | undefined {
  if (x && typeof x === "object") {
    const o = x as { status?: number; resp?: { statusCode?: number }; code?: number };
    return o.status ?? o.resp?.statusCode ?? o.code;
  }
  return undefined;
}
