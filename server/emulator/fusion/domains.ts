// Which CDN domains exist: every bucket's download domain (host:port) is one of "our" domains.
import type { EmulatorContext } from "../types";

export class DomainDirectory {
  constructor(private readonly ctx: EmulatorContext) {}

  /** domain (host:port, lower-case) → bucket name. Read each time: buckets can be created while running. */
  private map(): Map<string, string> {
    const out = new Map<string, string>();
    for (const b of this.ctx.listBuckets()) for (const d of b.domains) out.set(normalizeDomain(d), b.name);
    return out;
  }

  bucketOf(domain: string): string | undefined {
    return this.map().get(normalizeDomain(domain));
  }

  isOurs(domain: string): boolean {
    return this.bucketOf(domain) !== undefined;
  }

  /** The domains in `domains` that are not ours. */
  unknown(domains: string[]): string[] {
    const known = this.map();
    return domains.filter((d) => !known.has(normalizeDomain(d)));
  }

  all(): string[] {
    return [...this.map().keys()];
  }
}

/** `HOST:port` without scheme or trailing slash, lower-case (a domain may be configured with a scheme by mistake). */
export function normalizeDomain(domain: string): string {
  return domain
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/+$/, "")
    .toLowerCase();
}
