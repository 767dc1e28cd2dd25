import { BlockList, isIP } from "node:net";

// CONSOLE_TRUSTED_PROXY (server/config.ts): the reverse proxies whose X-Forwarded-For the console believes.

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) and plain IPv4 are the same client; anything that is not an address is dropped. */
export function normalizeIp(value: string): string | null {
  const v = value.trim().replace(/^\[(.*)\]$/, "$1");
  const unmapped = v.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  return isIP(unmapped) ? unmapped.toLowerCase() : null;
}

/** CONSOLE_TRUSTED_PROXY: addresses and CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`), comma-separated. */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [addr, bits] = entry.split("/");
      const ip = normalizeIp(addr);
      if (!ip) throw new Error(`not an IP address or CIDR range: ${entry}`);
      const type = isIP(ip) === 4 ? "ipv4" : "ipv6";
      if (bits === undefined) this.list.addAddress(ip, type);
      else {
        const prefix = Number(bits);
        if (!/^\d+$/.test(bits) || prefix > (type === "ipv4" ? 32 : 128)) throw new Error(`bad prefix length in ${entry}`);
        this.list.addSubnet(ip, prefix, type);
      }
    }
    this.size = entries.length;
  }

  has(ip: string): boolean {
    return this.list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
  }
}
