// Faults: the emulator killed (-9) and restarted in the middle of a resumable upload, a large batch and queued pfop jobs;
// a slow, failing and dropping upstream in front of the client (lib/qiniu/client.ts); the PostgreSQL server restarted
// under the db layer. In each case nothing is lost or done twice, and the failure the caller sees is typed and clear.
// (The emulator's own crash-safety test covers concurrent writers; this one covers picking the work up again.)
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUploadToken } from "@/lib/qiniu/auth";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { QiniuClient } from "@/lib/qiniu/client";
import { QiniuError } from "@/lib/qiniu/errors";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { copyOp, moveOp } from "@/lib/qiniu/ops";
import { openPostgres } from "@/server/db/postgres";
import { migrate } from "@/server/db/migrate";
import { exitOf, startEmulator, type RunningEmulator } from "../../support/emulator";
import { createDatabase, startPostgres, type RunningPostgres } from "../../support/postgres";

const MiB = 1024 * 1024;

function pattern(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed * 17 + (i >> 12)) & 0xff;
  return b;
}

function clientFor(emu: RunningEmulator, extra: Partial<ConstructorParameters<typeof QiniuClient>[0]> = {}): QiniuClient {
  return new QiniuClient({ accessKey: emu.accessKey, secretKey: emu.secretKey, hosts: emu.endpoints, timeoutMs: 30_000, ...extra });
}

async function crashAndRestart(emu: RunningEmulator): Promise<RunningEmulator> {
  emu.kill9();
  await exitOf(emu);
  return startEmulator({ dataDir: emu.dataDir });
}

describe("the emulator killed and restarted", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "faults-emu-"));
  let emu: RunningEmulator;
  const B = "faults";
  beforeAll(async () => {
    emu = await startEmulator({ dataDir });
    await clientFor(emu).mkbucket(B, "z0");
  });
  afterAll(async () => {
    await emu?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("mid-upload: a resumable (v2) upload resumes after a restart and completes with the right hash", async () => {
    const key = "big/resume.bin";
    const data = Buffer.concat([pattern(4 * MiB, 1), pattern(4 * MiB, 2), pattern(MiB + 12345, 3)]);
    const token = () => `UpToken ${signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { scope: `${B}:${key}` })}`;
    const base = () => `${emu.endpoints.up}/buckets/${B}/objects/${urlsafeBase64Encode(key)}/uploads`;
    const init = await fetch(base(), { method: "POST", headers: { Authorization: token() } });
    const { uploadId } = (await init.json()) as { uploadId: string };
    const put = async (n: number, body: Buffer) => {
      const r = await fetch(`${base()}/${uploadId}/${n}`, {
        method: "PUT",
        headers: { Authorization: token(), "Content-Type": "application/octet-stream" },
        body: new Uint8Array(body),
      });
      expect(r.status).toBe(200);
      return ((await r.json()) as { etag: string }).etag;
    };
    const etags: string[] = [await put(1, data.subarray(0, 4 * MiB))];

    // Part 2 is on the wire when the emulator dies: half of it has been sent.
    const { hostname, port } = new URL(emu.endpoints.up);
    const partPath = `${new URL(base()).pathname}/${uploadId}/2`;
    const cut = new Promise<string>((resolve) => {
      const req = http.request({ host: hostname, port, method: "PUT", path: partPath, headers: { Authorization: token(), "Content-Length": String(4 * MiB) } });
      req.on("error", (e) => resolve(e.message));
      req.on("response", (res) => resolve(`answered ${res.statusCode}`));
      req.write(data.subarray(4 * MiB, 6 * MiB), () => {
        setTimeout(() => emu.kill9(), 50);
      });
    });
    expect(await cut).not.toMatch(/^answered 200/);
    await exitOf(emu);
    emu = await startEmulator({ dataDir });

    // The client asks what the server has (list parts), sends what is missing, completes.
    const listed = await fetch(`${base()}/${uploadId}`, { headers: { Authorization: token() } });
    expect(listed.status).toBe(200);
    const parts = ((await listed.json()) as { parts: { partNumber: number; etag: string; size: number }[] }).parts;
    expect(parts.map((p) => [p.partNumber, p.size])).toEqual([[1, 4 * MiB]]);
    expect(parts[0].etag).toBe(etags[0]);
    etags.push(await put(2, data.subarray(4 * MiB, 8 * MiB)));
    etags.push(await put(3, data.subarray(8 * MiB)));
    const done = await fetch(`${base()}/${uploadId}`, {
      method: "POST",
      headers: { Authorization: token(), "Content-Type": "application/json" },
      body: JSON.stringify({ parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) }),
    });
    expect(done.status).toBe(200);
    const expected = etagOfBuffer(data);
    expect(((await done.json()) as { hash: string }).hash).toBe(expected);
    const stat = await clientFor(emu).stat(B, key);
    expect([stat.hash, stat.fsize]).toEqual([expected, data.length]);
  });

  it("mid-batch: a 3000-op move batch killed half-way loses nothing and, re-run after the restart, does nothing twice", async () => {
    const N = 3000;
    const client = clientFor(emu);
    await fetch(emu.endpoints.up, {
      method: "POST",
      body: (() => {
        const f = new FormData();
        f.append("token", signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { scope: `${B}:seed.txt` }));
        f.append("key", "seed.txt");
        f.append("file", new Blob(["batch seed"]), "seed.txt");
        return f;
      })(),
    });
    const srcKeys = Array.from({ length: N }, (_, i) => `src/${String(i).padStart(5, "0")}`);
    const dstOf = (k: string) => k.replace(/^src\//, "dst/");
    for (const r of await client.batch(srcKeys.map((k) => copyOp({ bucket: B, key: "seed.txt" }, { bucket: B, key: k }, true)))) expect(r.code).toBe(200);

    // Moves in 1000-op requests; the emulator is killed while they run.
    const moves = srcKeys.map((k) => moveOp({ bucket: B, key: k }, { bucket: B, key: dstOf(k) }));
    const running = (async () => {
      const seen: number[] = [];
      try {
        for await (const chunk of client.batchChunks(moves)) seen.push(...chunk.results.map((r) => r.code));
      } catch (e) {
        return { seen, error: e };
      }
      return { seen, error: undefined };
    })();
    await new Promise((r) => setTimeout(r, 40));
    emu.kill9();
    const interrupted = await running;
    await exitOf(emu);
    emu = await startEmulator({ dataDir });
    const after = clientFor(emu);

    const keysUnder = async (prefix: string) => {
      const keys = new Set<string>();
      for await (const page of after.listAll({ bucket: B, prefix })) for (const item of page.items) keys.add(item.key);
      return keys;
    };
    const src = await keysUnder("src/");
    const dst = await keysUnder("dst/");
    // Nothing lost, nothing duplicated: every object is on exactly one side.
    for (const k of srcKeys) expect(Number(src.has(k)) + Number(dst.has(dstOf(k))), k).toBe(1);
    // What the client was told succeeded really did.
    interrupted.seen.forEach((code, i) => {
      if (code === 200) expect(dst.has(dstOf(srcKeys[i]))).toBe(true);
    });

    // A job runner picks the batch up again: re-running every op moves what is left; finished ones answer 612.
    const rerun = await after.batch(moves);
    const codes = new Map<number, number>();
    for (const r of rerun) codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
    expect((codes.get(200) ?? 0) + (codes.get(612) ?? 0)).toBe(N);
    expect(codes.get(612) ?? 0).toBe(dst.size);
    expect((await keysUnder("src/")).size).toBe(0);
    expect((await keysUnder("dst/")).size).toBe(N);
  }, 120_000);

  it("mid-pfop: queued and running jobs finish after the restart", async () => {
    const client = clientFor(emu);
    const png = await sharp({ create: { width: 1800, height: 1800, channels: 3, background: "#3366cc" } })
      .png()
      .toBuffer();
    const f = new FormData();
    f.append("token", signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { scope: `${B}:pic.png` }));
    f.append("key", "pic.png");
    f.append("file", new Blob([new Uint8Array(png)]), "pic.png");
    expect((await fetch(emu.endpoints.up, { method: "POST", body: f })).status).toBe(200);

    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const saveas = urlsafeBase64Encode(`${B}:out/pic-${i}.jpg`);
      ids.push(
        (await client.pfop({ bucket: B, key: "pic.png", fops: [`imageMogr2/rotate/${17 + i}/thumbnail/1500x/format/jpg/quality/9${i}|saveas/${saveas}`] }))
          .persistentId,
      );
    }
    const before = await Promise.all(ids.map((id) => client.prefop(id)));
    // 0 = done; at least some are still waiting or running when the emulator dies
    expect(before.filter((s) => s.code !== 0).length).toBeGreaterThan(0);
    emu = await crashAndRestart(emu);
    const after = clientFor(emu);
    const deadline = Date.now() + 60_000;
    let states = await Promise.all(ids.map((id) => after.prefop(id)));
    while (states.some((s) => s.code === 1 || s.code === 2) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      states = await Promise.all(ids.map((id) => after.prefop(id)));
    }
    expect(states.map((s) => `${s.code} ${s.desc} ${JSON.stringify(s.items)}`)).toEqual(ids.map(() => expect.stringMatching(/^0 /)));
    for (let i = 0; i < ids.length; i++) {
      expect(states[i].items).toHaveLength(1);
      const out = await after.stat(B, `out/pic-${i}.jpg`);
      expect(out.mimeType).toBe("image/jpeg");
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------

type Behaviour = "pass" | "slow-response" | "http500" | "drop" | "html200" | "http612";

/** A loopback proxy in front of the emulator that misbehaves as told, and counts what reaches it. */
async function faultyProxy(target: string): Promise<{ url: string; plan: Behaviour[]; hits: string[]; delayMs: number; close(): Promise<void> }> {
  const state = { plan: [] as Behaviour[], hits: [] as string[], delayMs: 1500 };
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const behaviour = state.plan.shift() ?? "pass";
    state.hits.push(`${req.method} ${req.url} ${behaviour}`);
    if (behaviour === "drop") {
      req.socket.destroy();
      return;
    }
    if (behaviour === "http500" || behaviour === "http612" || behaviour === "html200") {
      req.resume();
      const status = behaviour === "http500" ? 500 : behaviour === "http612" ? 612 : 200;
      res.writeHead(status, { "Content-Type": behaviour === "html200" ? "text/html" : "application/json", "X-Reqid": `proxy-${state.hits.length}` });
      res.end(
        behaviour === "html200"
          ? "<html>gateway</html>"
          : JSON.stringify({ error: behaviour === "http612" ? "no such file or directory" : "upstream exploded" }),
      );
      return;
    }
    // Forward; for "slow-response" the request reaches the emulator (and takes effect) but the answer comes late.
    const fwd = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      const send = () => {
        if (res.destroyed) return up.resume();
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      };
      if (behaviour === "slow-response") setTimeout(send, state.delayMs);
      else send();
    });
    fwd.on("error", () => res.destroy());
    req.pipe(fwd);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  });
}

describe("the client against a slow, failing and dropping upstream", () => {
  let emu: RunningEmulator;
  let proxy: Awaited<ReturnType<typeof faultyProxy>>;
  let client: QiniuClient;
  const B = "flaky";
  const slept: number[] = [];
  beforeAll(async () => {
    emu = await startEmulator();
    await clientFor(emu).mkbucket(B, "z0");
    const f = new FormData();
    f.append("token", signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { scope: B }));
    f.append("key", "a.txt");
    f.append("file", new Blob(["hello"]), "a.txt");
    expect((await fetch(emu.endpoints.up, { method: "POST", body: f })).status).toBe(200);
    proxy = await faultyProxy(emu.endpoints.rs);
    client = new QiniuClient({
      accessKey: emu.accessKey,
      secretKey: emu.secretKey,
      hosts: { ...emu.endpoints, rs: proxy.url },
      timeoutMs: 400,
      retries: 2,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await emu?.stop();
  });
  const reset = (plan: Behaviour[]) => {
    proxy.plan.splice(0, proxy.plan.length, ...plan);
    proxy.hits.splice(0);
    slept.splice(0);
  };
  const failure = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(QiniuError);
    return e as QiniuError;
  };

  it("retries a safe read after 500s and dropped connections, with backoff, and succeeds", async () => {
    reset(["http500", "drop"]);
    const stat = await client.stat(B, "a.txt");
    expect(stat.fsize).toBe(5);
    expect(proxy.hits.map((h) => h.split(" ").pop())).toEqual(["http500", "drop", "pass"]);
    expect(slept).toHaveLength(2);
    expect(slept[1]).toBeGreaterThanOrEqual(slept[0] / 2);
  });

  it("gives up on a read after its retries with a typed error carrying the last status and request id", async () => {
    reset(["http500", "http500", "http500", "http500"]);
    const e = await failure(client.stat(B, "a.txt"));
    expect([e.status, e.code, e.reqId]).toEqual([500, "server_error", "proxy-3"]);
    expect(proxy.hits).toHaveLength(3);
  });

  it("times out a slow answer; a read is retried, a move is not — and the move that did happen is not repeated", async () => {
    reset(["slow-response", "slow-response", "slow-response"]);
    const e = await failure(client.stat(B, "a.txt"));
    expect([e.status, e.code]).toEqual([0, "timeout"]);
    expect(e.message).toMatch(/did not answer within 400 ms/);
    expect(proxy.hits).toHaveLength(3);

    reset(["slow-response"]);
    const moved = await failure(client.move({ bucket: B, key: "a.txt" }, { bucket: B, key: "b.txt" }));
    expect(moved.code).toBe("timeout");
    expect(proxy.hits).toHaveLength(1); // not retried: a second move would answer 612 and hide what happened
    await new Promise((r) => setTimeout(r, proxy.delayMs + 200));
    const direct = clientFor(emu);
    expect((await direct.stat(B, "b.txt")).fsize).toBe(5);
    await direct.move({ bucket: B, key: "b.txt" }, { bucket: B, key: "a.txt" });
  });

  it("never retries a change after a 500 or a dropped connection, nor a read after a final code", async () => {
    reset(["http500"]);
    expect((await failure(client.copy({ bucket: B, key: "a.txt" }, { bucket: B, key: "c.txt" }))).code).toBe("server_error");
    expect(proxy.hits).toHaveLength(1);
    reset(["drop"]);
    expect((await failure(client.delete(B, "a.txt"))).code).toBe("network");
    expect(proxy.hits).toHaveLength(1);
    reset(["drop"]);
    expect((await failure(client.batch([copyOp({ bucket: B, key: "a.txt" }, { bucket: B, key: "d.txt" })]))).code).toBe("network");
    expect(proxy.hits).toHaveLength(1);
    reset(["http612"]);
    expect((await failure(client.stat(B, "a.txt"))).code).toBe("not_found");
    expect(proxy.hits).toHaveLength(1);
    // nothing above reached the emulator as a change
    expect((await clientFor(emu).stat(B, "a.txt")).fsize).toBe(5);
  });

  it("calls an unreadable 200 a bad response, not success", async () => {
    reset(["html200"]);
    expect((await failure(client.stat(B, "a.txt"))).code).toBe("bad_response");
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("PostgreSQL restarted under the db layer", () => {
  let server: RunningPostgres;
  let url: string;
  beforeAll(async () => {
    server = await startPostgres();
    url = await createDatabase(server, "faults");
  });
  afterAll(() => server?.stop());

  it("reconnects after a restart, keeps committed data, and fails clearly (not hanging) while the server is down", async () => {
    const db = await openPostgres(url);
    try {
      await migrate(db);
      await db.query("CREATE TABLE fault_probe (id int PRIMARY KEY, note text)");
      await db.query("INSERT INTO fault_probe VALUES (1, 'before')");
      // warm several pooled connections, so that idle ones are cut by the restart
      await Promise.all(Array.from({ length: 5 }, () => db.query("SELECT pg_sleep(0.05)")));

      await server.restart();
      expect(await db.query<{ note: string }>("SELECT note FROM fault_probe WHERE id = 1")).toEqual([{ note: "before" }]);
      await db.query("INSERT INTO fault_probe VALUES (2, 'after restart')");

      // A transaction open when the server goes down is rolled back; the caller gets an error, not a hang.
      const inTx = db.transaction(async (tx) => {
        await tx.query("INSERT INTO fault_probe VALUES (3, 'lost')");
        await server.restart({ downMs: 300 });
        await tx.query("INSERT INTO fault_probe VALUES (4, 'lost too')");
      });
      await expect(inTx).rejects.toThrow(/terminat|connection|closed|shut/i);
      expect((await db.query<{ id: number }>("SELECT id FROM fault_probe ORDER BY id")).map((r) => r.id)).toEqual([1, 2]);

      // While it is down, queries fail fast with the driver's error.
      const down = server.restart({ downMs: 1500 });
      // (A query that hung instead would time the test out.)
      await expect
        .poll(
          () =>
            db.query("SELECT 1").then(
              () => "answered",
              (e: Error) => e.message,
            ),
          { interval: 50 },
        )
        .toMatch(/ECONNREFUSED|connect|terminat|starting up|shutting down/i);
      await down;
      expect(await db.query("SELECT count(*)::int AS n FROM fault_probe")).toEqual([{ n: 2 }]);

      // A crash (kill -9) of the server is survived too.
      await server.restart({ crash: true });
      expect(await db.query("SELECT count(*)::int AS n FROM fault_probe")).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  }, 60_000);
});
