// Malformed requests get Qiniu's error codes, the server stays up, temp files are cleaned up, and objects already
// stored are untouched.
import { readdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { signQiniuV2 } from "@/lib/qiniu/auth";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
const B = "bad-input";
const KEEP = Buffer.from("precious content");

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  await call(sdk.bucketManager.createBucket(B, { regionId: "z0" }));
  const r = await call(sdk.formUploader.put(sdk.uploadToken({ scope: B }), "keep.txt", KEEP, new sdk.qiniu.form_up.PutExtra()));
  expect(r.status).toBe(200);
});
afterAll(() => emu?.stop());

const token = (extra: Record<string, unknown> = {}) => sdk.uploadToken({ scope: B, ...extra });
const creds = () => ({ accessKey: emu.accessKey, secretKey: emu.secretKey });

function signed(method: string, url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { method, ...init, headers: { ...(init.headers as Record<string, string>), Authorization: signQiniuV2(creds(), { method, url }) } });
}

/** Sends raw bytes over TCP and returns the status line (or "" when the server just closes). */
function raw(endpoint: string, request: string | Buffer, closeAfterWrite = false): Promise<string> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const sock = net.connect(Number(port), hostname, () => {
      // A dropped client: the bytes go out, then the connection is torn down.
      sock.write(request, () => {
        if (closeAfterWrite) sock.destroy();
      });
    });
    let data = "";
    sock.on("data", (d) => (data += d.toString("latin1")));
    sock.on("close", () => resolve(data.split("\r\n")[0] ?? ""));
    sock.on("error", () => resolve(data.split("\r\n")[0] ?? ""));
    setTimeout(() => sock.destroy(), 3000);
  });
}

async function stillHealthy(): Promise<void> {
  expect((await fetch(`${emu.endpoints.uc}/__emulator`)).status).toBe(200);
  const st = await call<{ hash: string }>(sdk.bucketManager.stat(B, "keep.txt"));
  expect(st.data.hash).toBe(etagOfBuffer(KEEP));
  const domain = ((await (await fetch(`${emu.endpoints.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> }).buckets[B].domain;
  expect(Buffer.from(await (await fetch(`${domain}/keep.txt`)).arrayBuffer()).equals(KEEP)).toBe(true);
}

async function tmpIsEmpty(): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (readdirSync(path.join(emu.dataDir, "tmp")).length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(readdirSync(path.join(emu.dataDir, "tmp"))).toEqual([]);
}

describe("malformed multipart", () => {
  it("answers 400 to garbage, a missing closing boundary and a non-multipart body", async () => {
    const garbage = await fetch(emu.endpoints.up, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=XYZ" },
      body: "this is not multipart at all",
    });
    expect(garbage.status).toBe(400);
    const unterminated =
      `--XYZ\r\nContent-Disposition: form-data; name="token"\r\n\r\n${token()}\r\n` +
      `--XYZ\r\nContent-Disposition: form-data; name="key"\r\n\r\nkeep.txt\r\n` +
      `--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a"\r\nContent-Type: text/plain\r\n\r\npartial content without end`;
    const r = await fetch(emu.endpoints.up, { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=XYZ" }, body: unterminated });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: expect.stringMatching(/multipart/) });
    const notForm = await fetch(emu.endpoints.up, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(notForm.status).toBe(400);
    const noFile = new FormData();
    noFile.append("token", token());
    expect((await fetch(emu.endpoints.up, { method: "POST", body: noFile })).status).toBe(400);
    await tmpIsEmpty();
    await stillHealthy();
  });

  it("survives a client that disconnects in the middle of a file, leaving no temp file and no object", async () => {
    const boundary = "BOUNDARY123";
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="token"\r\n\r\n${token({ scope: `${B}:keep.txt` })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\nkeep.txt\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`;
    const partial = Buffer.concat([Buffer.from(head), Buffer.alloc(200_000, 7)]);
    const req = Buffer.concat([
      Buffer.from(
        `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${partial.length + 500_000}\r\n\r\n`,
      ),
      partial,
    ]);
    await raw(emu.endpoints.up, req, true);
    await tmpIsEmpty();
    await stillHealthy();
  });
});

describe("bad arguments", () => {
  it("answers 400 to bad base64 in entries, mkfile arguments and v2 object names; 401 to a bad token", async () => {
    expect((await signed("GET", `${emu.endpoints.rs}/stat/%%%notbase64`)).status).toBe(400);
    expect((await signed("GET", `${emu.endpoints.rs}/stat/${"@@@@"}`)).status).toBe(400);
    expect((await signed("POST", `${emu.endpoints.rs}/move/!!!/${urlsafeBase64Encode(`${B}:x`)}`)).status).toBe(400);
    const mk = await fetch(`${emu.endpoints.up}/mkfile/3/key/@@@`, { method: "POST", headers: { Authorization: `UpToken ${token()}` }, body: "" });
    expect(mk.status).toBe(400);
    const v2 = await fetch(`${emu.endpoints.up}/buckets/${B}/objects/@@@/uploads`, { method: "POST", headers: { Authorization: `UpToken ${token()}` } });
    expect(v2.status).toBe(400);
    const badToken = new FormData();
    badToken.append("token", "a:b:%%%");
    badToken.append("file", new Blob(["x"]), "x");
    expect((await fetch(emu.endpoints.up, { method: "POST", body: badToken })).status).toBe(401);
    const complete = await fetch(`${emu.endpoints.up}/buckets/${B}/objects/~/uploads/whatever`, {
      method: "POST",
      headers: { Authorization: `UpToken ${token()}`, "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(complete.status).toBe(400);
    await stillHealthy();
  });

  it("refuses keys over 750 UTF-8 bytes (upload, copy) and accepts exactly 750", async () => {
    const long = "键".repeat(250) + "x"; // 751 bytes
    const exact = "键".repeat(250); // 750 bytes
    const up = (key: string) =>
      call(sdk.formUploader.put(token(), key, Buffer.from("k"), new sdk.qiniu.form_up.PutExtra())).catch((e) => e as { status: number });
    expect(((await up(long)) as { status: number }).status).toBe(400);
    expect(((await up(exact)) as { status: number }).status).toBe(200);
    const copy = await call(sdk.bucketManager.copy(B, "keep.txt", B, long, {})).catch((e) => e as { status: number });
    expect((copy as { status: number }).status).toBe(400);
    await stillHealthy();
  });

  it("answers 612 for missing keys and per-item 400 for unknown batch ops", async () => {
    expect(((await call(sdk.bucketManager.delete(B, "missing")).catch((e) => e)) as { status: number }).status).toBe(612);
    const body = `op=${encodeURIComponent("/frobnicate/abc")}&op=${encodeURIComponent(`/stat/${urlsafeBase64Encode(`${B}:keep.txt`)}`)}`;
    const url = `${emu.endpoints.rs}/batch`;
    const r = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: signQiniuV2(creds(), { method: "POST", url, body }) },
      body,
    });
    expect(r.status).toBe(298);
    expect(((await r.json()) as { code: number }[]).map((x) => x.code)).toEqual([400, 200]);
    expect((await fetch(`${emu.endpoints.rs}/no/such/api`)).status).toBe(404);
  });

  it("keeps v1 and v2 state intact when a chunk or part body is cut off", async () => {
    const init = await fetch(`${emu.endpoints.up}/buckets/${B}/objects/${urlsafeBase64Encode("cut.bin")}/uploads`, {
      method: "POST",
      headers: { Authorization: `UpToken ${token()}` },
    });
    const { uploadId } = (await init.json()) as { uploadId: string };
    const partPath = `/buckets/${B}/objects/${urlsafeBase64Encode("cut.bin")}/uploads/${uploadId}/1`;
    await raw(
      emu.endpoints.up,
      Buffer.concat([
        Buffer.from(`PUT ${partPath} HTTP/1.1\r\nHost: x\r\nAuthorization: UpToken ${token()}\r\nContent-Length: 100000\r\n\r\n`),
        Buffer.alloc(5000, 1),
      ]),
      true,
    );
    const list = await fetch(`${emu.endpoints.up}${partPath.replace(/\/1$/, "")}`, { headers: { Authorization: `UpToken ${token()}` } });
    expect(((await list.json()) as { parts: unknown[] }).parts).toEqual([]);
    await raw(
      emu.endpoints.up,
      Buffer.concat([
        Buffer.from(`POST /mkblk/4000 HTTP/1.1\r\nHost: x\r\nAuthorization: UpToken ${token()}\r\nContent-Length: 4000\r\n\r\n`),
        Buffer.alloc(100, 1),
      ]),
      true,
    );
    expect(readdirSync(path.join(emu.dataDir, "resumable", "v1"))).toEqual([]);
    await tmpIsEmpty();
    await stillHealthy();
  });
});
