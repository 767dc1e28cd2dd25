// Which IP addresses the emulator may connect to on its own (fetch, mirror, callbacks). It stands where Qiniu's
// servers stand, and those reach only the public internet: loopback is a separate, opt-in class (tests, the console
// on loopback), every other special-purpose range (RFC 6890 and its IPv6 counterparts) is never reachable.
import { isIP } from "node:net";

export type AddressKind = "public" | "loopback" | "internal";

type Range = { base: bigint; bits: number; kind: Exclude<AddressKind, "public"> };

function v4Int(ip: string): bigint {
  return ip.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** 128-bit value of an IPv6 address (any valid spelling, with or without a trailing dotted quad). */
function v6Int(ip: string): bigint {
  let text = ip;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const n = v4Int(quad[1]);
    text = `${text.slice(0, quad.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const v4 = (cidr: string, kind: Range["kind"]): Range => {
  const [base, bits] = cidr.split("/");
  return { base: v4Int(base), bits: Number(bits), kind };
};
const v6 = (cidr: string, kind: Range["kind"]): Range => {
  const [base, bits] = cidr.split("/");
  return { base: v6Int(base), bits: Number(bits), kind };
};

const V4_RANGES: Range[] = [
  v4("127.0.0.0/8", "loopback"),
  v4("0.0.0.0/8", "internal"), // "this network"; 0.0.0.0 reaches the local host on Linux
  v4("10.0.0.0/8", "internal"),
  v4("100.64.0.0/10", "internal"), // carrier-grade NAT
  v4("169.254.0.0/16", "internal"), // link-local, cloud metadata at 169.254.169.254
  v4("172.16.0.0/12", "internal"),
  v4("192.0.0.0/24", "internal"),
  v4("192.0.2.0/24", "internal"),
  v4("192.88.99.0/24", "internal"),
  v4("192.168.0.0/16", "internal"),
  v4("198.18.0.0/15", "internal"),
  v4("198.51.100.0/24", "internal"),
  v4("203.0.113.0/24", "internal"),
  v4("224.0.0.0/4", "internal"), // multicast
  v4("240.0.0.0/4", "internal"), // reserved, and 255.255.255.255
];

const V6_RANGES: Range[] = [
  v6("::1/128", "loopback"),
  v6("::/128", "internal"),
  v6("64:ff9b:1::/48", "internal"),
  v6("100::/64", "internal"),
  v6("2001::/23", "internal"), // IETF protocol assignments, Teredo included
  v6("2001:db8::/32", "internal"),
  v6("fc00::/7", "internal"), // unique local
  v6("fe80::/10", "internal"), // link-local
  v6("fec0::/10", "internal"), // site-local (deprecated, still routed on some networks)
  v6("ff00::/8", "internal"), // multicast
];

/** IPv6 forms that carry an IPv4 address the packets really go to: mapped, compatible, NAT64, 6to4. */
function embeddedV4(n: bigint): bigint | undefined {
  const low32 = n & 0xffffffffn;
  if (n >> 32n === 0xffffn) return low32; // ::ffff:a.b.c.d
  if (n >> 32n === 0n && n > 1n) return low32; // ::a.b.c.d (deprecated "compatible" form)
  if (n >> 32n === v6Int("64:ff9b::") >> 32n) return low32; // NAT64 well-known prefix
  if (n >> 112n === 0x2002n) return (n >> 80n) & 0xffffffffn; // 6to4
  return undefined;
}

function match(n: bigint, width: number, ranges: Range[]): AddressKind {
  for (const r of ranges) {
    const shift = BigInt(width - r.bits);
    if (n >> shift === r.base >> shift) return r.kind;
  }
  return "public";
}

/** Classifies an IP address literal (no brackets); anything that is not one counts as internal. */
export function classifyAddress(address: string): AddressKind {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(ip);
  if (family === 4) return match(v4Int(ip), 32, V4_RANGES);
  if (family !== 6) return "internal";
  const n = v6Int(ip.toLowerCase());
  const inner = embeddedV4(n);
  if (inner !== undefined) return match(inner, 32, V4_RANGES);
  return match(n, 128, V6_RANGES);
}
