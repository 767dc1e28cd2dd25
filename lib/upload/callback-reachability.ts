// Can the storage service call the console back at its public URL? Qiniu's servers are on the internet: a console on
// loopback, a private network or a local-only name cannot be reached, and a token with such a callbackUrl makes every
// upload end in 579 (the file is stored but the uploader gets an error). The embedded emulator runs on the same
// machine as the console, so for it loopback and private addresses are fine. Pure: decided from configuration only.

export type CallbackUnreachableReason = "loopback" | "privateAddress" | "localName" | "invalidUrl";

export type CallbackReachability = { reachable: true } | { reachable: false; reason: CallbackUnreachableReason };

function ipv4Parts(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts : null;
}

/** Why a host is not on the public internet, or null when it may be. */
export function localHostReason(hostname: string): CallbackUnreachableReason | null {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1" || host === "0.0.0.0" || host === "::") return "loopback";
  const v4 = ipv4Parts(host.startsWith("::ffff:") ? host.slice(7) : host);
  if (v4) {
    const [a, b] = v4;
    if (a === 127) return "loopback";
    if (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a === 0
    ) {
      return "privateAddress";
    }
    return null;
  }
  if (host.includes(":")) {
    // IPv6 unique-local (fc00::/7) and link-local (fe80::/10).
    if (/^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host)) return "privateAddress";
    return null;
  }
  // A single-label name or a local-only suffix resolves only inside a private network.
  if (!host.includes(".") || /\.(local|lan|internal|intranet|home|corp|home\.arpa)$/.test(host)) return "localName";
  return null;
}

export function callbackReachability(mode: "qiniu" | "emulator", publicUrl: string): CallbackReachability {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return { reachable: false, reason: "invalidUrl" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { reachable: false, reason: "invalidUrl" };
  if (mode === "emulator") return { reachable: true };
  const reason = localHostReason(url.hostname);
  return reason ? { reachable: false, reason } : { reachable: true };
}
