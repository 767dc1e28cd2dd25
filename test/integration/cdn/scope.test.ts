// CDN actions and prefix scopes (issue 17, finding 13), against the real emulator: a user scoped to `bucket/team/`
// may sign links, refresh and prefetch only URLs of keys under `team/`, and sees no domain-wide data (traffic, logs,
// top URLs) of the bucket's domain; a user with the whole bucket may do all of it. These are the checks
// server/actions/cdn.ts and the log download route run before anything reaches Qiniu.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataDomains } from "@/lib/cdn/scope";
import { translate } from "@/lib/i18n/translate";
import type { Principal } from "@/lib/permissions";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import type { CdnTask } from "@/lib/qiniu/client-types";
import { ActionFailure } from "@/server/actions/wrapper";
import { cdnDomains, requireDomainData } from "@/server/cdn/domains";
import { objectUrls, requireSubmittable, signCdnLink, visibleTasks } from "@/server/cdn/scope";
import { taskPage } from "@/server/cdn/tasks";
import { startEmulator, type RunningEmulator } from "../../support/emulator";

const BUCKET = "scope-cdn";
const LEECH_KEY = "scope-cdn-leech-key";
let emu: RunningEmulator;
let client: QiniuClient;
let domain: string; // host:port of the bucket's domain

const prefixOps: Principal = { role: "ops", scopes: [{ bucket: BUCKET, prefix: "team/" }] };
const bucketOps: Principal = { role: "ops", scopes: [{ bucket: BUCKET, prefix: "" }] };

async function put(key: string, body: string): Promise<void> {
  const form = new FormData();
  form.set("token", signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { scope: `${BUCKET}:${key}` }, { expires: 600 }));
  form.set("key", key);
  form.set("file", new Blob([body]), "f");
  expect((await fetch(`${emu.endpoints.up}/`, { method: "POST", body: form })).status).toBe(200);
}

/** The refusal's code and English message, or "ok". */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (err) {
    if (!(err instanceof ActionFailure)) throw err;
    return `${err.code}: ${translate("en", err.messageKey, err.vars)}`;
  }
}

const sign = (user: Principal, path: string) =>
  signCdnLink(client, user, { domain, scheme: "http", path, query: "", expiresIn: 600 }, LEECH_KEY, { accessKey: emu.accessKey, secretKey: emu.secretKey });

beforeAll(async () => {
  emu = await startEmulator({ env: { EMULATOR_CDN_ANTILEECH: `${BUCKET}=${LEECH_KEY}`, EMULATOR_CDN_TASK_DELAY_MS: "0" } });
  const e = emu.endpoints;
  client = new QiniuClient({
    accessKey: emu.accessKey,
    secretKey: emu.secretKey,
    hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion },
  });
  await client.mkbucket(BUCKET, "z0");
  await put("team/a.txt", "team file");
  await put("secret/b.txt", "not for the team");
  const info = (await (await fetch(`${e.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> };
  domain = new URL(info.buckets[BUCKET].domain).host;
});

afterAll(async () => {
  await emu?.stop();
});

describe("the domain list", () => {
  it("marks a prefix-scoped user's domain as partial, and leaves no domain with data to show", async () => {
    const mine = await cdnDomains(client, prefixOps);
    expect(mine).toEqual([{ domain, bucket: BUCKET, private: false, prefixes: ["team/"] }]);
    expect(dataDomains(mine)).toEqual([]);
    const whole = await cdnDomains(client, bucketOps);
    expect(whole).toEqual([{ domain, bucket: BUCKET, private: false, prefixes: null }]);
    expect(dataDomains(whole).map((d) => d.domain)).toEqual([domain]);
  });
});

describe("domain data (traffic, analysis, logs, log download)", () => {
  it("is refused to a user scoped to a prefix of the bucket", async () => {
    expect(await outcome(() => requireDomainData(client, prefixOps, [domain]))).toBe(
      `cdn.partial_scope: You have access to only part of the bucket behind this domain, so you cannot see the whole domain's data: ${domain}`,
    );
  });

  it("is allowed to a user with the whole bucket", async () => {
    expect(await outcome(() => requireDomainData(client, bucketOps, [domain]))).toBe("ok");
  });
});

describe("signed anti-leech links", () => {
  it("are refused for a key outside the user's prefix; a key with dot segments stays the literal key", async () => {
    const refused = (path: string) => `cdn.outOfScope: Outside your access (you may only act on files under the prefixes granted to you): ${path}`;
    expect(await outcome(() => sign(prefixOps, "secret/b.txt"))).toBe(refused("secret/b.txt"));
    // Keys are opaque: `team/../secret/b.txt` is a literal key under `team/`. Its link is signed, and it reaches that
    // literal key (absent here: 404), never `secret/b.txt` (encodeKeyPath keeps URL parsers from collapsing the dots).
    const walked = await sign(prefixOps, "team/../secret/b.txt");
    const walkedAnswer = await fetch(walked.url);
    expect(await walkedAnswer.text()).not.toBe("not for the team");
    expect(walkedAnswer.status).toBe(404);
    // The path is a key, not an encoded URL path: this one is the literal key `team/%2e%2e/…`, inside the prefix.
    expect(await outcome(() => sign(prefixOps, "team/%2e%2e/secret/b.txt"))).toBe("ok");
    expect(await outcome(() => sign(prefixOps, "teamwork.txt"))).toBe(refused("teamwork.txt"));
  });

  it("are made for a key inside the prefix, and the CDN serves that key with them", async () => {
    const link = await sign(prefixOps, "team/a.txt");
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("team file");
  });

  it("are made for any key of the bucket for a user with the whole bucket", async () => {
    const res = await fetch((await sign(bucketOps, "secret/b.txt")).url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("not for the team");
  });
});

describe("refresh and prefetch", () => {
  const url = (path: string) => `http://${domain}/${path}`;

  it("accept a prefix-scoped user's URLs and directories under the prefix", async () => {
    expect(await outcome(() => requireSubmittable(client, prefixOps, [url("team/a.txt")], [url("team/"), url("team/*")]))).toBe("ok");
    expect(await outcome(() => requireSubmittable(client, prefixOps, [url("team/a.txt")], null))).toBe("ok");
  });

  it("refuse a prefix-scoped user's URLs and directories outside the prefix", async () => {
    const outside = (v: string) => `cdn.outOfScope: Outside your access (you may only act on files under the prefixes granted to you): ${v}`;
    expect(await outcome(() => requireSubmittable(client, prefixOps, [url("secret/b.txt")], []))).toBe(outside(url("secret/b.txt")));
    expect(await outcome(() => requireSubmittable(client, prefixOps, [], [url("")]))).toBe(outside(url("")));
    expect(await outcome(() => requireSubmittable(client, prefixOps, [], [url("*")]))).toBe(outside(url("*")));
    expect(await outcome(() => requireSubmittable(client, prefixOps, [url("team/%2E%2E/secret/b.txt")], null))).toBe(outside(url("team/%2E%2E/secret/b.txt")));
    expect(await outcome(() => requireSubmittable(client, prefixOps, [url("secret/b.txt")], null))).toBe(outside(url("secret/b.txt")));
  });

  it("accept the whole domain from a user with the whole bucket", async () => {
    expect(await outcome(() => requireSubmittable(client, bucketOps, [url("secret/b.txt")], [url("")]))).toBe("ok");
  });

  it("refresh after overwrite only for keys in scope", async () => {
    expect(await objectUrls(client, prefixOps, BUCKET, ["team/a.txt"])).toEqual([url("team/a.txt")]);
    expect(await outcome(() => objectUrls(client, prefixOps, BUCKET, ["team/a.txt", "secret/b.txt"]))).toBe(
      "cdn.outOfScope: Outside your access (you may only act on files under the prefixes granted to you): secret/b.txt",
    );
  });

  it("history shows a prefix-scoped user only the tasks on their keys", async () => {
    const task = (u: string): CdnTask => ({ url: u, state: "success", createAt: "" }) as unknown as CdnTask;
    const items = [task(url("team/a.txt")), task(url("secret/b.txt")), task(url("")), task("http://elsewhere.example/team/a.txt")];
    expect((await visibleTasks(client, prefixOps, items)).map((t) => t.url)).toEqual([url("team/a.txt")]);
    expect((await visibleTasks(client, bucketOps, items)).map((t) => t.url)).toEqual([url("team/a.txt"), url("secret/b.txt"), url("")]);
  });

  it("history pages and totals count only the tasks a prefix-scoped user may see; failures keep reason and request id", async () => {
    await client.cdnRefresh({ urls: [url("team/a.txt"), url("secret/b.txt")] });
    const pre = await client.cdnPrefetch([url("team/missing.txt"), url("secret/b.txt")]);
    const team = await taskPage(client, prefixOps, "refresh", 0, 20);
    expect(team.items.map((t) => t.url)).toEqual([url("team/a.txt")]);
    expect(team.total).toBe(1);
    const all = await taskPage(client, bucketOps, "refresh", 0, 20);
    expect(all.total).toBe(2);
    const prefetched = await taskPage(client, prefixOps, "prefetch", 0, 20);
    expect(prefetched.total).toBe(1);
    expect(prefetched.items[0]).toMatchObject({ url: url("team/missing.txt"), state: "failure", stateDetail: "origin returned 404", requestId: pre.requestId });
  });
});
