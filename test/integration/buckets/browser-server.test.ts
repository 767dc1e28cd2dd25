// The browser's server side against a real emulator process and a real database (PGlite, real migrations):
// folder pages, links (public, private, download), text previews, the prefix-stats job and bucket settings.
// The actions themselves are thin wrappers around these (server/actions/objects.ts, buckets.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { bucketFacts, forgetBucketFacts } from "@/server/buckets/bucket-facts";
import { getBucketSettings, saveBucketSettings } from "@/server/buckets/bucket-settings";
import { listFolderPage } from "@/server/buckets/folder-page";
import { downloadOrigin, issueObjectUrl, originChoices } from "@/server/buckets/object-links";
import { readObjectStart } from "@/server/buckets/object-text";
import { PrefixStatsRunner } from "@/server/batch/prefix-stats";
import type { FolderRow, ObjectRow } from "@/lib/buckets/listing";
import { openTestDb, type TestDb } from "../../support/db";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { TRICKY_KEYS } from "../../support/tricky-keys";

const PUB = "browse-public";
const PRIV = "browse-private";
let emu: RunningEmulator;
let testDb: TestDb;
let client: QiniuClient;
const creds = () => ({ accessKey: emu.accessKey, secretKey: emu.secretKey });

async function put(bucket: string, key: string, body: string, mime = "text/plain"): Promise<void> {
  const form = new FormData();
  form.set("token", signUploadToken(creds(), { scope: `${bucket}:${key}` }, { expires: 600 }));
  form.set("key", key);
  form.set("file", new Blob([body], { type: mime }), "f");
  const res = await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  [emu, testDb] = await Promise.all([startEmulator(), openTestDb("pglite")]);
  const e = emu.endpoints;
  client = new QiniuClient({
    accessKey: emu.accessKey,
    secretKey: emu.secretKey,
    hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion },
  });
  await client.mkbucket(PUB, "z0");
  await client.mkbucket(PRIV, "z0");
  await client.setBucketPrivate(PRIV, true);
  for (const bucket of [PUB, PRIV]) for (const key of TRICKY_KEYS) await put(bucket, key, `content of ${key}`);
  await put(PUB, "folder/a.txt", "a");
  await put(PUB, "folder/sub/b.txt", "bb");
  await put(PUB, "folder/sub/c.txt", "ccc");
  await put(PUB, "folder//d.txt", "dddd");
});

afterAll(async () => {
  await Promise.all([emu?.stop(), testDb?.close()]);
});

describe("folder pages", () => {
  it("shows common prefixes as folders and keeps empty segments", async () => {
    const page = await listFolderPage(client, { bucket: PUB, prefix: "folder/" });
    expect(page.nextMarker).toBeNull();
    const folders = page.rows.filter((r): r is FolderRow => r.kind === "folder").map((r) => r.key);
    const objects = page.rows.filter((r): r is ObjectRow => r.kind === "object");
    expect(folders.sort()).toEqual(["folder//", "folder/sub/"]);
    expect(objects).toEqual([expect.objectContaining({ kind: "object", key: "folder/a.txt", fsize: 1, mimeType: "text/plain", type: 0 })]);
    expect(objects[0].putTime).toBeGreaterThan(1.6e16);
    const inner = await listFolderPage(client, { bucket: PUB, prefix: "folder//" });
    expect(inner.rows.map((r) => r.key)).toEqual(["folder//d.txt"]);
  });

  it("pages with markers through every tricky key, each exactly once", async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await listFolderPage(client, { bucket: PRIV, prefix: "", marker, limit: 3 });
      seen.push(...page.rows.map((r) => r.key));
      marker = page.nextMarker ?? undefined;
      pages++;
    } while (marker);
    expect(pages).toBeGreaterThan(2);
    // Without a delimiter only in the root; with "/" folders collapse: compare against the root listing of Qiniu itself.
    const all = await client.list({ bucket: PRIV, prefix: "", delimiter: "/" });
    expect(seen.sort()).toEqual([...all.commonPrefixes, ...all.items.map((i) => i.key)].sort());
    expect(seen).toContain("percent%41%2F%zz.txt");
    expect(seen).toContain("trailing-space ");
  });

  it("searches by prefix inside a folder", async () => {
    const page = await listFolderPage(client, { bucket: PUB, prefix: "folder/s" });
    expect(page.rows).toEqual([{ kind: "folder", key: "folder/sub/" }]);
  });
});

describe("links", () => {
  it("downloads every tricky key through public and signed private links", async () => {
    forgetBucketFacts();
    const [pub, priv] = await Promise.all([bucketFacts(client, PUB), bucketFacts(client, PRIV)]);
    expect(pub).toMatchObject({ private: false, region: "z0" });
    expect(priv.private).toBe(true);
    for (const facts of [pub, priv]) {
      const origin = downloadOrigin(facts, { downloadDomain: null })!;
      expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      for (const key of TRICKY_KEYS) {
        const { url, expiresAt } = issueObjectUrl(creds(), { origin, private: facts.private }, key, { expiresIn: 120 });
        expect(expiresAt === null).toBe(!facts.private);
        const res = await fetch(url);
        expect(res.status, `${facts.name}:${key}`).toBe(200);
        expect(await res.text()).toBe(`content of ${key}`);
      }
    }
  });

  it("refuses private objects without a valid, unexpired signature", async () => {
    const priv = await bucketFacts(client, PRIV);
    const origin = downloadOrigin(priv, { downloadDomain: null })!;
    const plain = issueObjectUrl(creds(), { origin, private: false }, "hash#tag.txt", { expiresIn: 60 });
    expect((await fetch(plain.url)).status).toBe(401);
    const expired = issueObjectUrl(creds(), { origin, private: true }, "hash#tag.txt", { expiresIn: 60, now: Date.now() - 3_600_000 });
    expect((await fetch(expired.url)).status).toBe(401);
    const forged = issueObjectUrl({ accessKey: emu.accessKey, secretKey: "wrong" }, { origin, private: true }, "hash#tag.txt", { expiresIn: 60 });
    expect((await fetch(forged.url)).status).toBe(401);
  });

  it("names the download file with attname, signed together with the rest of the URL", async () => {
    const priv = await bucketFacts(client, PRIV);
    const origin = downloadOrigin(priv, { downloadDomain: null })!;
    const { url } = issueObjectUrl(creds(), { origin, private: true }, "emoji/😀🎉.png", { expiresIn: 60, query: `attname=${encodeURIComponent("😀🎉.png")}` });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("😀🎉.png")}`);
  });

  it("uses the admin's domain choice only while it is bound to the bucket", async () => {
    const facts = await bucketFacts(client, PUB);
    const choices = originChoices(facts.domains);
    expect(choices).toEqual([`http://${facts.domains[0]}`, `https://${facts.domains[0]}`]);
    expect(downloadOrigin(facts, { downloadDomain: choices[1] })).toBe(choices[1]);
    expect(downloadOrigin(facts, { downloadDomain: "https://unbound.example.com" })).toBe(choices[0]);
    expect(downloadOrigin({ domains: [] }, { downloadDomain: null })).toBeNull();
  });
});

describe("text previews", () => {
  it("reads only the start of a large object and cuts no character in half", async () => {
    const text = "七牛".repeat(1000); // 6000 bytes
    await put(PUB, "big.txt", text);
    const origin = downloadOrigin(await bucketFacts(client, PUB), { downloadDomain: null })!;
    const { url } = issueObjectUrl(creds(), { origin, private: false }, "big.txt", { expiresIn: 60 });
    const head = await readObjectStart(url, 100);
    expect(head.truncated).toBe(true);
    expect(head.text).toBe("七牛".repeat(16) + "七"); // 99 bytes of whole characters out of 100
    const whole = await readObjectStart(url, 6000);
    expect(whole).toEqual({ text, truncated: false });
    const missing = issueObjectUrl(creds(), { origin, private: false }, "nope.txt", { expiresIn: 60 });
    await expect(readObjectStart(missing.url, 100)).rejects.toMatchObject({ status: 404 });
  });
});

describe("prefix statistics job", () => {
  it("counts every object under a prefix (subfolders included) and keeps the result", async () => {
    const runner = new PrefixStatsRunner({ db: testDb.db, qiniu: client, staleMs: 60_000 });
    const started = await runner.start(PUB, "folder/", "tester@example.test");
    expect(started.status).toBe("running");
    await runner.settled(started.id);
    const done = await runner.latest(PUB, "folder/");
    expect(done).toMatchObject({
      status: "done",
      objects: 4,
      bytes: 1 + 2 + 3 + 4,
      startedBy: "tester@example.test",
      byClass: { "0": { objects: 4, bytes: 10 } },
    });
    expect(done!.finishedAt).not.toBeNull();
    // A second runner (another console instance) reads the kept result.
    const other = new PrefixStatsRunner({ db: testDb.db, qiniu: client, staleMs: 60_000 });
    expect((await other.latestForBuckets([PUB, PRIV])).size).toBe(0);
    await other.settled((await other.start(PUB, "", "tester@example.test")).id);
    const root = (await other.latestForBuckets([PUB, PRIV])).get(PUB);
    expect(root).toMatchObject({ status: "done", objects: TRICKY_KEYS.length + 5 });
  });

  it("shows a job whose process died as interrupted and resumes it from its marker", async () => {
    const page = await client.list({ bucket: PRIV, prefix: "", limit: 4 });
    const counted = page.items.reduce((n, i) => n + i.fsize, 0);
    await testDb.db.query(
      `INSERT INTO prefix_stats (id, bucket, prefix, status, objects, bytes, marker, started_by, runner_id, heartbeat_at)
       VALUES ('00000000-0000-4000-8000-000000000001', $1, '', 'running', 4, $2, $3, 'dead@example.test', 'dead-process', now() - interval '10 minutes')`,
      [PRIV, counted, page.marker],
    );
    const runner = new PrefixStatsRunner({ db: testDb.db, qiniu: client, staleMs: 60_000 });
    expect(await runner.latest(PRIV, "")).toMatchObject({ status: "interrupted", objects: 4 });
    const resumed = await runner.start(PRIV, "", "tester@example.test");
    expect(resumed.id).toBe("00000000-0000-4000-8000-000000000001");
    await runner.settled(resumed.id);
    const all = await client.list({ bucket: PRIV, prefix: "" });
    expect(await runner.latest(PRIV, "")).toMatchObject({ status: "done", objects: all.items.length, bytes: all.items.reduce((n, i) => n + i.fsize, 0) });
  });

  it("does not start a second count while one is alive elsewhere, and records failures", async () => {
    await testDb.db.query(
      `INSERT INTO prefix_stats (id, bucket, prefix, status, started_by, runner_id, heartbeat_at)
       VALUES ('00000000-0000-4000-8000-000000000002', $1, 'live/', 'running', 'other@example.test', 'live-process', now())`,
      [PUB],
    );
    const runner = new PrefixStatsRunner({ db: testDb.db, qiniu: client, staleMs: 60_000 });
    expect(await runner.start(PUB, "live/", "tester@example.test")).toMatchObject({ id: "00000000-0000-4000-8000-000000000002", status: "running" });
    const failing = await runner.start("no-such-bucket-here", "", "tester@example.test");
    await runner.settled(failing.id);
    expect(await runner.latest("no-such-bucket-here", "")).toMatchObject({ status: "failed", error: expect.any(String) });
  });
});

describe("bucket settings", () => {
  it("keeps the download domain and thumbnail choice per bucket", async () => {
    // Thumbnails are on by default (the grid states their cost; any user may switch them for themselves).
    expect(await getBucketSettings(PUB, testDb.db)).toEqual({ bucket: PUB, downloadDomain: null, thumbnails: true });
    await saveBucketSettings(PUB, { downloadDomain: "https://cdn.example.com" }, "admin@example.test", testDb.db);
    expect(await getBucketSettings(PUB, testDb.db)).toEqual({ bucket: PUB, downloadDomain: "https://cdn.example.com", thumbnails: true });
    await saveBucketSettings(PUB, { thumbnails: false }, "admin@example.test", testDb.db);
    expect(await getBucketSettings(PUB, testDb.db)).toEqual({ bucket: PUB, downloadDomain: "https://cdn.example.com", thumbnails: false });
    await saveBucketSettings(PUB, { downloadDomain: null }, "admin@example.test", testDb.db);
    expect(await getBucketSettings(PUB, testDb.db)).toMatchObject({ downloadDomain: null, thumbnails: false });
  });
});
