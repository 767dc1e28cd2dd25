// lib/qiniu's QiniuClient against the real emulator process: every call the console makes, over real HTTP,
// signed by our library and verified by the emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateDownloadUrl, signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { QiniuError } from "@/lib/qiniu/errors";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { chtypeOp, deleteOp, statOp } from "@/lib/qiniu/ops";
import { objectUrl } from "@/lib/qiniu/urls";
import { startEmulator, type RunningEmulator } from "../../support/emulator";

let emu: RunningEmulator;
let client: QiniuClient;
const B = "client-main";
const P = "client-private";
const creds = () => ({ accessKey: emu.accessKey, secretKey: emu.secretKey });

async function upload(bucket: string, key: string, content: string): Promise<{ hash: string; key: string }> {
  const form = new FormData();
  form.set("token", signUploadToken(creds(), { scope: `${bucket}:${key}` }));
  form.set("key", key);
  form.set("file", new Blob([content]), "upload.bin");
  const res = await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form });
  expect(res.status).toBe(200);
  return (await res.json()) as { hash: string; key: string };
}

beforeAll(async () => {
  emu = await startEmulator();
  client = new QiniuClient({ accessKey: emu.accessKey, secretKey: emu.secretKey, hosts: { ...emu.endpoints }, timeoutMs: 10_000 });
  await client.mkbucket(B, "z0");
  await client.mkbucket(P, "z0");
});

afterAll(async () => {
  await emu?.stop();
});

describe("QiniuClient against the emulator", () => {
  it("manages buckets: list, domains, info, privacy", async () => {
    expect(await client.listBuckets()).toEqual(expect.arrayContaining([B, P]));
    const [domain] = await client.bucketDomains(B);
    expect(domain).toMatch(/^127\.0\.0\.1:\d+$/);
    await client.setBucketPrivate(P, true);
    expect(await client.bucketInfo(P)).toMatchObject({ private: 1 });
    await expect(client.mkbucket(B, "z0")).rejects.toBeInstanceOf(QiniuError);
  });

  it("stats an uploaded object with the etag our library computes", async () => {
    const body = "hello qiniu";
    const up = await upload(B, "docs/你好 1.txt", body);
    expect(up.hash).toBe(etagOfBuffer(new TextEncoder().encode(body)));
    const st = await client.stat(B, "docs/你好 1.txt");
    expect(st).toMatchObject({ fsize: 11, hash: "Frs7vCeNNaliuJ9hZcYoluG0Le2R" });
    const err = await client.stat(B, "docs/missing").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QiniuError);
    expect(err).toMatchObject({ status: 612, code: "not_found" });
    expect((err as QiniuError).reqId).toBeTruthy();
  });

  it("lists with prefix and delimiter and pages through markers", async () => {
    for (const k of ["list/a.txt", "list/b.txt", "list/c.txt", "list/sub/d.txt", "list/sub/e.txt"]) await upload(B, k, k);
    const top = await client.list({ bucket: B, prefix: "list/", delimiter: "/" });
    expect(top.items.map((i) => i.key)).toEqual(["list/a.txt", "list/b.txt", "list/c.txt"]);
    expect(top.commonPrefixes).toEqual(["list/sub/"]);
    const keys: string[] = [];
    let pages = 0;
    for await (const page of client.listAll({ bucket: B, prefix: "list/", limit: 2 })) {
      pages++;
      keys.push(...page.items.map((i) => i.key));
    }
    expect(keys).toEqual(["list/a.txt", "list/b.txt", "list/c.txt", "list/sub/d.txt", "list/sub/e.txt"]);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("copies, moves, changes MIME and storage class, deletes", async () => {
    await upload(B, "ops/src.txt", "content");
    await client.copy({ bucket: B, key: "ops/src.txt" }, { bucket: P, key: "ops/copy.txt" });
    await expect(client.copy({ bucket: B, key: "ops/src.txt" }, { bucket: P, key: "ops/copy.txt" })).rejects.toMatchObject({
      status: 614,
      code: "file_exists",
    });
    await client.move({ bucket: B, key: "ops/src.txt" }, { bucket: B, key: "ops/renamed.txt" });
    await client.chgm(B, "ops/renamed.txt", "text/markdown");
    await client.chtype(B, "ops/renamed.txt", 1);
    await client.deleteAfterDays(B, "ops/renamed.txt", 30);
    expect(await client.stat(B, "ops/renamed.txt")).toMatchObject({
      mimeType: "text/markdown",
      type: 1,
      hash: etagOfBuffer(new TextEncoder().encode("content")),
    });
    await client.delete(B, "ops/renamed.txt");
    await expect(client.stat(B, "ops/src.txt")).rejects.toMatchObject({ code: "not_found" });
    await expect(client.stat(B, "ops/renamed.txt")).rejects.toMatchObject({ code: "not_found" });
  });

  it("runs a batch with partial failure (298) as per-item results", async () => {
    await upload(B, "batch/1.txt", "1");
    const results = await client.batch([statOp(B, "batch/1.txt"), deleteOp(B, "batch/missing.txt"), chtypeOp(B, "batch/1.txt", 1)]);
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ code: 200, data: { fsize: 1 } });
    expect(results[1]).toMatchObject({ code: 612, errorCode: "not_found" });
    expect(results[1].error).toBeTruthy();
    expect(results[2].code).toBe(200);
  });

  it("serves a private object only through a signed URL", async () => {
    await upload(P, "secret/a b.txt", "top secret");
    const [domain] = await client.bucketDomains(P);
    const plain = objectUrl(`http://${domain}`, "secret/a b.txt");
    expect((await fetch(plain)).status).toBe(401);
    const signed = privateDownloadUrl(creds(), plain, Math.floor(Date.now() / 1000) + 600);
    const res = await fetch(signed);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("top secret");
    expect((await fetch(signed.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).status).toBe(401);
  });

  it("submits a pfop job and reads it back with prefop", async () => {
    await upload(B, "media/not-a-video.txt", "plain text");
    const { persistentId } = await client.pfop({ bucket: B, key: "media/not-a-video.txt", fops: ["avinfo"] });
    expect(persistentId).toBeTruthy();
    const status = await client.prefop(persistentId);
    expect(status).toMatchObject({ id: persistentId, inputBucket: B, inputKey: "media/not-a-video.txt" });
    expect([0, 1, 2, 3, 4]).toContain(status.code);
  });

  it("refreshes and prefetches CDN URLs and reads traffic", async () => {
    const [domain] = await client.bucketDomains(B);
    const url = `http://${domain}/docs/a.txt`;
    const refresh = await client.cdnRefresh({ urls: [url], dirs: [`http://${domain}/docs/`] });
    expect(refresh.code).toBe(200);
    expect(refresh.requestId).toBeTruthy();
    expect((await client.cdnPrefetch([url])).code).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const flux = await client.cdnFlux({ domains: [domain], startDate: today, endDate: today, granularity: "day" });
    expect(Array.isArray(flux.time)).toBe(true);
    const logs = await client.cdnLogList({ day: today, domains: [domain] });
    expect(typeof logs).toBe("object");
  });

  it("refuses requests signed with the wrong secret", async () => {
    const wrong = new QiniuClient({ accessKey: emu.accessKey, secretKey: "not-the-secret", hosts: { ...emu.endpoints }, retries: 0 });
    await expect(wrong.listBuckets()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
  });
});
