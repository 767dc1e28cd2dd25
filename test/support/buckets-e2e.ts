// The bucket browser's e2e tests check every change through the emulator itself, with the official Node SDK
// (npm `qiniu`, configured as in docs/qiniu-protocol.md §11.2). The emulator's endpoints come from GET <uc>/__emulator.
import qiniu from "qiniu";
import { e2eServerEnv } from "./e2e-env";

export interface EmulatorInfo {
  endpoints: Record<"up" | "rs" | "rsf" | "api" | "uc" | "io" | "fusion", string>;
  accessKey: string;
  buckets: Record<string, { domain: string; private: boolean }>;
}

export interface Stat {
  status: number;
  fsize?: number;
  mimeType?: string;
  type?: number;
  hash?: string;
  expiration?: number;
  restoreStatus?: number;
}

const hostOf = (url: string) => new URL(url).host;

/** Which emulator to talk to: the shared e2e console's by default, or another console's (test/support/own-console.ts). */
export interface EmulatorTarget {
  uc: string;
  secretKey: string;
}

export async function emulatorInfo(uc = `http://127.0.0.1:${Number(e2eServerEnv().EMULATOR_PORT) + 4}`): Promise<EmulatorInfo> {
  const res = await fetch(`${uc}/__emulator`);
  if (!res.ok) throw new Error(`GET /__emulator answered ${res.status}`);
  return (await res.json()) as EmulatorInfo;
}

export async function emulatorSdk(target?: EmulatorTarget) {
  const info = await emulatorInfo(target?.uc);
  const e = info.endpoints;
  // A setter missing from the SDK's typings; it also clears the public backup hosts.
  (qiniu.conf as unknown as { UC_HOST: string }).UC_HOST = hostOf(e.uc);
  const mac = new qiniu.auth.digest.Mac(info.accessKey, target?.secretKey ?? e2eServerEnv().EMULATOR_SECRET_KEY);
  const zone = new qiniu.conf.Zone([hostOf(e.up)], [], hostOf(e.io), hostOf(e.rs), hostOf(e.rsf), hostOf(e.api));
  const config = new qiniu.conf.Config({ zone, useHttpsDomain: false });
  const bucketManager = new qiniu.rs.BucketManager(mac, config);
  const formUploader = new qiniu.form_up.FormUploader(config);

  return {
    info,
    /** the SDK's own client, for calls the helpers below do not wrap (chstatus, batch chgm…) */
    bucketManager,
    async createBucket(bucket: string, opts: { private?: boolean } = {}): Promise<void> {
      const res = await bucketManager.createBucket(bucket, { regionId: "z0" });
      if (res.resp.statusCode !== 200 && res.resp.statusCode !== 614) throw new Error(`createBucket ${bucket}: ${res.resp.statusCode}`);
      if (opts.private) {
        const r = await bucketManager.putBucketAccessMode(bucket, { private: 1 });
        if (r.resp.statusCode !== 200) throw new Error(`private ${bucket}: ${r.resp.statusCode}`);
      }
    },
    async upload(bucket: string, key: string, body: string | Buffer, mimeType = "text/plain"): Promise<void> {
      const token = new qiniu.rs.PutPolicy({ scope: `${bucket}:${key}`, expires: 600 }).uploadToken(mac);
      const extra = new qiniu.form_up.PutExtra();
      extra.mimeType = mimeType;
      const res = await formUploader.put(token, key, typeof body === "string" ? Buffer.from(body) : body, extra);
      if (res.resp.statusCode !== 200) throw new Error(`upload ${bucket}:${key}: ${res.resp.statusCode} ${JSON.stringify(res.data)}`);
    },
    /** Deletes an (empty) bucket. */
    async deleteBucket(bucket: string): Promise<void> {
      const res = await bucketManager.deleteBucket(bucket);
      if (res.resp.statusCode !== 200) throw new Error(`drop ${bucket}: ${res.resp.statusCode} ${JSON.stringify(res.data)}`);
    },
    async stat(bucket: string, key: string): Promise<Stat> {
      const res = await bucketManager.stat(bucket, key);
      const status = res.resp.statusCode ?? 0;
      return { status, ...(status === 200 ? (res.data as object) : {}) };
    },
    async changeType(bucket: string, key: string, type: 0 | 1 | 2 | 3 | 4): Promise<void> {
      const res = await bucketManager.changeType(bucket, key, type);
      if (res.resp.statusCode !== 200) throw new Error(`chtype ${bucket}:${key}: ${res.resp.statusCode}`);
    },
    /** The emulator's CDN refresh tasks for these URLs (fusion `POST /v2/tune/refresh/list`), newest first. */
    async cdnRefreshTasks(urls: string[]): Promise<{ url: string; state: string; isDir: string }[]> {
      const url = `${e.fusion}/v2/tune/refresh/list`;
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: qiniu.util.generateAccessToken(mac, url) },
        body: JSON.stringify({ urls }),
      });
      if (!res.ok) throw new Error(`refresh/list answered ${res.status}`);
      return ((await res.json()) as { items: { url: string; state: string; isDir: string }[] }).items;
    },
    /** Copies one object to many keys, 1000 ops per batch request. */
    async copyMany(bucket: string, from: string, to: string[]): Promise<void> {
      for (let i = 0; i < to.length; i += 1000) {
        const ops = to.slice(i, i + 1000).map((k) => qiniu.rs.copyOp(bucket, from, bucket, k, { force: true }));
        const res = await bucketManager.batch(ops);
        if (res.resp.statusCode !== 200) throw new Error(`batch copy answered ${res.resp.statusCode}`);
      }
    },
  };
}

/** A CSS attribute selector value for any key (quotes and backslashes escaped). */
export function cssValue(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
