// The reference contender of the batch benchmarks (bench/batch, bench/folder-delete): the official Node SDK's
// bucketManager.batch in a plain loop, 1000 ops per call, one call at a time, keys already in memory.
import qiniu from "qiniu";
import type { RunningEmulator } from "@/test/support/emulator";

export function sdkManager(emu: RunningEmulator) {
  const host = (url: string) => new URL(url).host;
  const e = emu.endpoints;
  // Typed as read-only in the SDK's declarations; the setter is the documented way to point it elsewhere (qiniu-protocol.md §11.2).
  (qiniu.conf as unknown as { UC_HOST: string }).UC_HOST = host(e.uc);
  const mac = new qiniu.auth.digest.Mac(emu.accessKey, emu.secretKey);
  const zone = new qiniu.conf.Zone([host(e.up)], [], host(e.io), host(e.rs), host(e.rsf), host(e.api));
  return new qiniu.rs.BucketManager(mac, new qiniu.conf.Config({ zone, useHttpsDomain: false }));
}

/** The plain SDK loop: 1000 ops per call, one call after another. Returns ops/s. */
export async function sdkLoop(manager: qiniu.rs.BucketManager, ops: string[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < ops.length; i += 1000) {
    const chunk = ops.slice(i, i + 1000);
    await new Promise<void>((resolve, reject) =>
      manager.batch(chunk, (err, body: { code: number }[] | null, info) => {
        if (err) return reject(err);
        if (info.statusCode !== 200 || !body || body.some((r) => r.code !== 200)) return reject(new Error(`SDK batch answered ${info.statusCode}`));
        resolve();
      }),
    );
  }
  return ops.length / ((performance.now() - started) / 1000);
}
