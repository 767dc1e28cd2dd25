// How the browser reaches the up host: qiniu-js for form uploads (docs/qiniu-protocol.md §11.4), our multipart transport for
// resumable ones. Built on the server from the configured up host, handed to the page as plain props (nothing secret).

export interface TransportConfig {
  /** host[:port] without scheme. */
  uphost: string;
  upprotocol: "http" | "https";
  /** Further up hosts (host[:port], same scheme) for when `uphost` fails; the token answer names the region's. */
  backups?: string[];
  /** Part size in MiB for resumable uploads. 4 keeps the v1 etag layout (the hash equals the plain etag). */
  chunkSizeMb: number;
  /** Parts in flight per resumable file. */
  partConcurrency: number;
}

export const DEFAULT_CHUNK_SIZE_MB = 4;
export const DEFAULT_PART_CONCURRENCY = 3;

/** From an up host base URL such as `https://upload.qiniup.com` or `http://127.0.0.1:9400`. */
export function transportFromUpHost(upHost: string, opts: Partial<Pick<TransportConfig, "chunkSizeMb" | "partConcurrency">> = {}): TransportConfig {
  const url = new URL(upHost);
  return {
    uphost: url.host,
    upprotocol: url.protocol === "http:" ? "http" : "https",
    chunkSizeMb: opts.chunkSizeMb ?? DEFAULT_CHUNK_SIZE_MB,
    partConcurrency: opts.partConcurrency ?? DEFAULT_PART_CONCURRENCY,
  };
}
