// The official Node SDK (npm `qiniu` 7.15.x) configured for a running emulator over plain http (docs/qiniu-protocol.md §11.2).
import { createRequire } from "node:module";
import path from "node:path";
import qiniu from "qiniu";
import type { RunningEmulator } from "../../support/emulator";

export interface Sdk {
  qiniu: typeof qiniu;
  mac: qiniu.auth.digest.Mac;
  config: qiniu.conf.Config;
  bucketManager: qiniu.rs.BucketManager;
  formUploader: qiniu.form_up.FormUploader;
  resumeUploader: qiniu.resume_up.ResumeUploader;
  operationManager: qiniu.fop.OperationManager;
  uploadToken(policy: Record<string, unknown>, expires?: number): string;
}

export const hostOf = (url: string) => new URL(url).host;

/** `qiniu.conf.UC_HOST` (a setter missing from the SDK's typings) also clears the public backup hosts. */
export function setUcHost(host: string): void {
  (qiniu.conf as unknown as { UC_HOST: string }).UC_HOST = host;
}

export function sdkFor(emu: RunningEmulator): Sdk {
  const e = emu.endpoints;
  // The UC_HOST setter also clears the public backup hosts and sets the region query host.
  setUcHost(hostOf(e.uc));
  const mac = new qiniu.auth.digest.Mac(emu.accessKey, emu.secretKey);
  const zone = new qiniu.conf.Zone([hostOf(e.up)], [], hostOf(e.io), hostOf(e.rs), hostOf(e.rsf), hostOf(e.api));
  const config = new qiniu.conf.Config({ zone, useHttpsDomain: false });
  return {
    qiniu,
    mac,
    config,
    bucketManager: new qiniu.rs.BucketManager(mac, config),
    formUploader: new qiniu.form_up.FormUploader(config),
    resumeUploader: new qiniu.resume_up.ResumeUploader(config),
    operationManager: new qiniu.fop.OperationManager(mac, config),
    uploadToken(policy, expires = 3600) {
      return new qiniu.rs.PutPolicy({ expires, ...policy } as qiniu.rs.PutPolicyOptions).uploadToken(mac);
    },
  };
}

export interface SdkResult<T = unknown> {
  data: T;
  status: number;
  headers: Record<string, unknown>;
}

/** Normalises the SDK's promise result `{ data, resp }` into data + status. */
export async function call<T = unknown>(p: Promise<unknown>): Promise<SdkResult<T>> {
  const r = (await p) as { data: T; resp: { statusCode: number; headers: Record<string, unknown> } };
  return { data: r.data, status: r.resp.statusCode, headers: r.resp.headers };
}

/** Fetches a URL and returns status, headers and body bytes. */
export async function download(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** For the SDK's callback-only methods (OperationManager.pfop / prefop): `(err, body, info)`. */
export function viaCallback<T = unknown>(start: (cb: (err: Error | null, body: T, info: { statusCode: number }) => void) => void): Promise<SdkResult<T>> {
  return new Promise((resolve, reject) => {
    start((err, body, info) => (err ? reject(err) : resolve({ data: body, status: info.statusCode, headers: {} })));
  });
}

type UrllibRequest = (url: string, opts: unknown, cb?: unknown) => unknown;

/**
 * The SDK's CdnManager hard-codes http://fusion.qiniuapi.com and calls urllib directly (docs/qiniu-protocol.md §11.2):
 * wrap the urllib instance the SDK resolves so those calls reach `fusion` instead. Returns the undo function.
 */
export function redirectFusion(fusion: string): () => void {
  const requireFromSdk = createRequire(path.join(path.dirname(createRequire(import.meta.url).resolve("qiniu/package.json")), "index.js"));
  const urllib = requireFromSdk("urllib") as { request: UrllibRequest };
  const original = urllib.request;
  urllib.request = function (this: unknown, url: string, opts: unknown, cb?: unknown) {
    return original.call(this, url.replace(/^http:\/\/fusion\.qiniuapi\.com/, fusion), opts, cb);
  };
  return () => {
    urllib.request = original;
  };
}
