// The console side of processing against real parts: PGlite with the real migrations, the emulator's pfop engine
// served over HTTP, and our QiniuClient signing real requests to it.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QiniuClient } from "@/lib/qiniu/client";
import { encodedEntry } from "@/lib/qiniu/entry";
import { handlePfopNotifyRequest } from "@/server/processing/notify-route";
import { handleNotification, listForUser, submitJob, type PfopDeps } from "@/server/processing/service";
import { openTestDb, type TestDb } from "../../../support/db";
import { AK, SK, createTestContext, startEngine, type Harness } from "../emulator/pfop/fixture";

let h: Harness;
let api: http.Server;
let notifySink: http.Server;
let notifyUrl: string;
let testDb: TestDb;
let deps: PfopDeps;
const admin = { role: "admin" as const, scopes: [] };
const alice = { id: randomUUID(), email: "alice@example.test" };

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  h = startEngine(createTestContext());
  for (const key of ["a/1.txt", "a/2.txt", "b/3.txt"]) await h.ctx.store.putBuffer("media", key, Buffer.from(key));
  api = http.createServer((req, res) => void h.engine.handle(req, res, new URL(req.url ?? "/", "http://x")));
  const apiUrl = await listen(api);
  testDb = await openTestDb("pglite");
  const client = new QiniuClient({
    accessKey: AK,
    secretKey: SK,
    hosts: { up: apiUrl, io: apiUrl, rs: apiUrl, rsf: apiUrl, api: apiUrl, uc: apiUrl, fusion: apiUrl },
    retries: 0,
  });
  deps = { db: testDb.db, client };
  // the console's notify route, as Next would serve it
  notifySink = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const response = await handlePfopNotifyRequest(
        new Request("http://console.test/api/qiniu/pfop-notify", {
          method: "POST",
          body: Buffer.concat(chunks),
          headers: { "content-type": "application/json" },
        }),
        deps,
      );
      res.statusCode = response.status;
      res.end(await response.text());
    });
  });
  notifyUrl = `${await listen(notifySink)}/api/qiniu/pfop-notify`;
}, 120_000);

afterAll(async () => {
  await h?.close();
  api?.close();
  notifySink?.close();
  await testDb?.close();
  h?.ctx.cleanup();
});

beforeEach(async () => {
  await testDb.db.exec("DELETE FROM pfop_jobs; DELETE FROM uploads;");
});

async function settledList(user: Parameters<typeof listForUser>[1]) {
  for (let i = 0; i < 100; i++) {
    const jobs = await listForUser(deps, user, { limit: 50 });
    if (jobs.every((j) => j.code !== 1 && j.code !== 2)) return jobs;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("jobs did not finish");
}

describe("console pfop service", () => {
  it("submits through the client, remembers the job and follows it to its final status", async () => {
    const cmd = `avinfo|saveas/${encodedEntry("out", "a/1.json")}`;
    const { persistentId } = await submitJob(deps, { bucket: "media", key: "a/1.txt", commands: [cmd, "imageInfo"], force: false }, alice);
    const [job] = await settledList(admin);
    expect(job).toMatchObject({
      id: persistentId,
      createdBy: alice.email,
      source: "console",
      bucket: "media",
      key: "a/1.txt",
      fops: [cmd, "imageInfo"],
      code: 3,
      pipeline: "0.default",
    });
    expect(job.items.map((i) => [i.code, i.error])).toEqual([
      [3, "execute fop cmd failed: not a valid media"],
      [3, "execute fop cmd failed: not a valid image"],
    ]);
    expect(job.statusAt).not.toBeNull();
  });

  it("shows a scoped user only the jobs on sources inside their scopes", async () => {
    await submitJob(deps, { bucket: "media", key: "a/2.txt", commands: ["avinfo"], force: false }, alice);
    await submitJob(deps, { bucket: "media", key: "b/3.txt", commands: ["avinfo"], force: false }, alice);
    const scoped = { role: "viewer" as const, scopes: [{ bucket: "media", prefix: "a/" }] };
    expect((await listForUser(deps, scoped, { limit: 50 })).map((j) => j.key)).toEqual(["a/2.txt"]);
    const elsewhere = { role: "viewer" as const, scopes: [{ bucket: "other", prefix: "" }] };
    expect(await listForUser(deps, elsewhere, { limit: 50 })).toEqual([]);
    expect((await listForUser(deps, admin, { limit: 50 })).map((j) => j.key).sort()).toEqual(["a/2.txt", "b/3.txt"]);
  });

  it("lists jobs started by uploads (persistentOps) and fills in their fops from Qiniu", async () => {
    const id = h.engine.submit({ bucket: "media", key: "b/3.txt", fops: "avinfo", from: "upload" });
    await testDb.db.query(
      `INSERT INTO uploads (id, user_id, user_email, bucket, key, hash, fsize, batch_id, persistent_id, source)
       VALUES ($1, $2, 'bob@example.test', 'media', 'b/3.txt', 'Fxyz', 5, 'batch1', $3, 'callback')`,
      [randomUUID(), randomUUID(), id],
    );
    const [job] = await settledList(admin);
    expect(job).toMatchObject({ id, source: "upload", createdBy: "bob@example.test", fops: ["avinfo"], code: 3 });
  });

  it("takes a notification as a prompt only: unknown ids are refused, the status comes from prefop", async () => {
    expect(await handleNotification(deps, { id: "z0.unknown" })).toEqual({ status: 404, error: "unknown persistentId" });
    expect((await handleNotification(deps, { nope: 1 })).status).toBe(400);
    expect((await handleNotification(deps, { id: "../../etc" })).status).toBe(400);

    const { persistentId } = await submitJob(deps, { bucket: "media", key: "a/1.txt", commands: ["avinfo"], force: false }, alice);
    await h.engine.idle();
    // a forged body claiming success does not make it so
    expect(await handleNotification(deps, { id: persistentId, code: 0, items: [] })).toEqual({ status: 200 });
    const [row] = await testDb.db.query<{ code: number; notified_at: Date | null }>("SELECT code, notified_at FROM pfop_jobs WHERE persistent_id = $1", [
      persistentId,
    ]);
    expect(row.code).toBe(3);
    expect(row.notified_at).not.toBeNull();
  });

  it("is updated by the emulator's real notification without any polling", async () => {
    const { persistentId } = await submitJob(deps, { bucket: "media", key: "a/1.txt", commands: ["avinfo"], force: false, notifyUrl }, alice);
    await h.engine.idle();
    const [row] = await testDb.db.query<{ code: number; notified_at: Date | null; status_at: Date | null }>(
      "SELECT code, notified_at, status_at FROM pfop_jobs WHERE persistent_id = $1",
      [persistentId],
    );
    expect(row).toMatchObject({ code: 3 });
    expect(row.notified_at).not.toBeNull();
    expect(h.engine.status(persistentId)!.code).toBe(3); // the emulator's notification was answered 2xx
  });

  it("answers 400 to a body that is not JSON", async () => {
    const res = await handlePfopNotifyRequest(new Request("http://x/api/qiniu/pfop-notify", { method: "POST", body: "id=z0.1" }), deps);
    expect(res.status).toBe(400);
  });
});
