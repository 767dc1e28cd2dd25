// Checks for the Batch page's browser tests, made through the emulator with the official Node SDK (npm `qiniu`,
// configured as in docs/qiniu-protocol.md §11.2): listing a prefix and stat'ing many keys at once.
import qiniu from "qiniu";
import { emulatorInfo, type EmulatorTarget } from "./buckets-e2e";
import { e2eServerEnv } from "./e2e-env";

const hostOf = (url: string) => new URL(url).host;

export async function batchSdk(target?: EmulatorTarget) {
  const info = await emulatorInfo(target?.uc);
  const e = info.endpoints;
  (qiniu.conf as unknown as { UC_HOST: string }).UC_HOST = hostOf(e.uc);
  const mac = new qiniu.auth.digest.Mac(info.accessKey, target?.secretKey ?? e2eServerEnv().EMULATOR_SECRET_KEY);
  const zone = new qiniu.conf.Zone([hostOf(e.up)], [], hostOf(e.io), hostOf(e.rs), hostOf(e.rsf), hostOf(e.api));
  const manager = new qiniu.rs.BucketManager(mac, new qiniu.conf.Config({ zone, useHttpsDomain: false }));
  return {
    /** Every key under `prefix`, paging with markers. */
    async listKeys(bucket: string, prefix: string): Promise<string[]> {
      const keys: string[] = [];
      let marker = "";
      do {
        const res = await manager.listPrefix(bucket, { prefix, marker, limit: 1000 });
        if (res.resp.statusCode !== 200) throw new Error(`list ${bucket}:${prefix} answered ${res.resp.statusCode}`);
        const data = res.data as { items: { key: string }[]; marker?: string };
        keys.push(...data.items.map((i) => i.key));
        marker = data.marker ?? "";
      } while (marker);
      return keys;
    },
    /** Stat codes, hashes and put times (100 ns units) of many keys (batch stat, 1000 per request). */
    async statMany(bucket: string, keys: string[]): Promise<{ code: number; hash?: string; putTime?: number }[]> {
      const out: { code: number; hash?: string; putTime?: number }[] = [];
      for (let i = 0; i < keys.length; i += 1000) {
        const ops = keys.slice(i, i + 1000).map((k) => qiniu.rs.statOp(bucket, k));
        const res = await manager.batch(ops);
        if (res.resp.statusCode !== 200 && res.resp.statusCode !== 298) throw new Error(`batch stat answered ${res.resp.statusCode}`);
        const body = res.data as { code: number; data?: { hash?: string; putTime?: number } }[];
        out.push(...body.map((r) => ({ code: r.code, hash: r.data?.hash, putTime: r.data?.putTime })));
      }
      return out;
    },
  };
}
