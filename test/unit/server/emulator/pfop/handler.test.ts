import http from "node:http";
import type { AddressInfo } from "node:net";
import qiniu from "qiniu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signQBox, signQiniuV2 } from "@/lib/qiniu/auth";
import { AK, SK, createTestContext, startEngine, type Harness } from "./fixture";
import { quadrantImage } from "./media";

let h: Harness;
let server: http.Server;
let base: string;
let host: string;

beforeAll(async () => {
  h = startEngine(createTestContext());
  const tmp = h.ctx.store.tempPath();
  await quadrantImage(tmp, 64, 32);
  await h.ctx.store.putFile("media", "pic.png", tmp, { mimeType: "image/png" });
  server = http.createServer((req, res) => {
    void h.engine.handle(req, res, new URL(req.url ?? "/", "http://x")).then((handled) => {
      if (!handled) {
        res.statusCode = 418;
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
});

afterAll(async () => {
  await h.close();
  await new Promise((r) => server.close(r));
  h.ctx.cleanup();
});

const FORM = "application/x-www-form-urlencoded";
const creds = { accessKey: AK, secretKey: SK };

async function post(path: string, body: string, auth?: string) {
  const res = await fetch(base + path, { method: "POST", body, headers: { "Content-Type": FORM, ...(auth ? { Authorization: auth } : {}) } });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

const pfopBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("pfop over HTTP", () => {
  it("works with the official Node SDK's OperationManager.pfop and prefop", async () => {
    const mac = new qiniu.auth.digest.Mac(AK, SK);
    const zone = new qiniu.conf.Zone([host], [], host, host, host, host);
    const ops = new qiniu.fop.OperationManager(mac, new qiniu.conf.Config({ zone, useHttpsDomain: false }));
    const submitted = await new Promise<{ status?: number; id?: string }>((resolve, reject) =>
      ops.pfop("media", "pic.png", ["imageView2/2/w/16", "imageInfo"], "sdk-pipe", { force: true }, (err, body, info) =>
        err ? reject(err) : resolve({ status: info.statusCode, id: body?.persistentId }),
      ),
    );
    expect(submitted.status).toBe(200);
    await h.engine.idle();
    const status = await new Promise<{ code?: number; body: unknown }>((resolve, reject) =>
      ops.prefop(submitted.id!, (err, body, info) => (err ? reject(err) : resolve({ code: info.statusCode, body }))),
    );
    expect(status.code).toBe(200);
    expect(status.body).toMatchObject({ code: 0, pipeline: "sdk-pipe", items: [{ code: 0 }, { code: 0 }] });
  });

  it("accepts a QBox-signed form on /pfop and /pfop/, and answers JSON with X-Reqid", async () => {
    for (const path of ["/pfop", "/pfop/"]) {
      const body = pfopBody({ bucket: "media", key: "pic.png", fops: "imageInfo" });
      const res = await post(path, body, signQBox(creds, { path, body, contentType: FORM }));
      expect(res.status).toBe(200);
      expect(res.json.persistentId).toMatch(/^z0\./);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.headers.get("x-reqid")).toBeTruthy();
      expect(h.engine.status(String(res.json.persistentId))!.reqid).toBe(res.headers.get("x-reqid"));
    }
  });

  it("accepts a Qiniu v2 signature too", async () => {
    const body = pfopBody({ bucket: "media", key: "pic.png", fops: "imageInfo" });
    const auth = signQiniuV2(creds, { method: "POST", url: `${base}/pfop/`, body, contentType: FORM });
    expect((await post("/pfop/", body, auth)).status).toBe(200);
  });

  it("refuses a missing or wrong signature, and a body changed after signing", async () => {
    const body = pfopBody({ bucket: "media", key: "pic.png", fops: "imageInfo" });
    expect(await post("/pfop/", body)).toMatchObject({ status: 401 });
    expect(await post("/pfop/", body, signQBox({ accessKey: AK, secretKey: "wrong" }, { path: "/pfop/", body, contentType: FORM }))).toMatchObject({
      status: 401,
    });
    const signed = signQBox(creds, { path: "/pfop/", body, contentType: FORM });
    expect(await post("/pfop/", body.replace("imageInfo", "avinfo"), signed)).toMatchObject({ status: 401, json: { error: expect.any(String) } });
  });

  it("answers 400/404/631/405 for bad submissions", async () => {
    const send = (fields: Record<string, string>) => {
      const body = pfopBody(fields);
      return post("/pfop/", body, signQBox(creds, { path: "/pfop/", body, contentType: FORM }));
    };
    expect(await send({ bucket: "media", key: "pic.png" })).toMatchObject({ status: 400, json: { error: "invalid argument: fops is required" } });
    expect(await send({ bucket: "media", key: "pic.png", fops: "avinfo", type: "7" })).toMatchObject({ status: 400 });
    expect(await send({ bucket: "media", key: "pic.png", workflowTemplateID: "wf" })).toMatchObject({ status: 400 });
    expect(await send({ bucket: "media", key: "pic.png", fops: "avinfo", notifyURL: "ftp://x" })).toMatchObject({ status: 400 });
    expect(await send({ bucket: "media", key: "missing.png", fops: "avinfo" })).toMatchObject({ status: 404 });
    expect(await send({ bucket: "nope", key: "pic.png", fops: "avinfo" })).toMatchObject({ status: 631 });
    const get = await fetch(`${base}/pfop/`);
    expect(get.status).toBe(405);
  });

  it("accepts a malformed fop at submit time and fails that item instead", async () => {
    const body = pfopBody({ bucket: "media", key: "pic.png", fops: "imageView2/9;imageInfo" });
    const res = await post("/pfop/", body, signQBox(creds, { path: "/pfop/", body, contentType: FORM }));
    expect(res.status).toBe(200);
    await h.engine.idle();
    expect(h.engine.status(String(res.json.persistentId))!.items.map((i) => i.code)).toEqual([3, 0]);
  });
});

describe("prefop over HTTP", () => {
  let id: string;
  beforeAll(() => {
    id = h.engine.submit({ bucket: "media", key: "pic.png", fops: "imageInfo", from: "pfop" });
  });

  it("answers Node's unsigned POST form and Python's QBox GET alike", async () => {
    const posted = await post("/status/get/prefop", `id=${id}`);
    const path = `/status/get/prefop?id=${encodeURIComponent(id)}`;
    const got = await fetch(base + path, { headers: { Authorization: signQBox(creds, { path }) } });
    expect(posted.status).toBe(200);
    expect(got.status).toBe(200);
    expect(posted.json.id).toBe(id);
    expect(((await got.json()) as { id: string }).id).toBe(id);
  });

  it("refuses a wrong signature when one is given, and reports unknown or missing ids", async () => {
    const path = `/status/get/prefop?id=${encodeURIComponent(id)}`;
    const bad = await fetch(base + path, { headers: { Authorization: `QBox ${AK}:AAAA` } });
    expect(bad.status).toBe(401);
    expect(await post("/status/get/prefop", "id=z0.nothing")).toMatchObject({ status: 612 });
    expect(await post("/status/get/prefop", "")).toMatchObject({ status: 400 });
  });

  it("leaves other paths to the core", async () => {
    expect((await fetch(`${base}/stat/abc`)).status).toBe(418);
  });
});
