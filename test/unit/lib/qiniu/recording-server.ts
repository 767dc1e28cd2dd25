// A loopback HTTP server that records every request and answers from a script, for client tests.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { qboxSigningString, qiniuV2SigningString } from "@/lib/qiniu/signing-strings";

export interface RecordedRequest {
  method: string;
  /** Raw request target (path?query) exactly as received. */
  target: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** Raw text body (wins over `body`). */
  text?: string;
  headers?: Record<string, string>;
  /** Wait before answering (timeouts). */
  delayMs?: number;
  /** Drop the connection without answering. */
  destroy?: boolean;
}

export type Responder = (req: RecordedRequest) => Reply;

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  /** Replies used in order; when empty, `fallback` answers. */
  queue: Reply[];
  fallback: Responder;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const state: Omit<RecordingServer, "url" | "close"> = {
    requests: [],
    queue: [],
    fallback: () => ({ status: 200, body: {} }),
  };
  let reqCounter = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec: RecordedRequest = { method: req.method ?? "", target: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      state.requests.push(rec);
      const reply = state.queue.shift() ?? state.fallback(rec);
      const send = () => {
        if (reply.destroy) {
          req.socket.destroy();
          return;
        }
        const text = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
        res.writeHead(reply.status ?? 200, { "Content-Type": "application/json", "X-Reqid": `req-${++reqCounter}`, ...reply.headers });
        res.end(text);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function b64uHmac(secret: string, s: string): string {
  return createHmac("sha1", secret).update(s).digest("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** Verifies the Authorization of a recorded request the way a server would (raw target, Host header, all X-Qiniu-*). */
export function signatureVerifies(req: RecordedRequest, accessKey: string, secretKey: string): boolean {
  const auth = String(req.headers.authorization ?? "");
  const contentType = req.headers["content-type"];
  if (auth.startsWith("QBox ")) {
    return auth === `QBox ${accessKey}:${b64uHmac(secretKey, qboxSigningString({ path: req.target, body: req.body, contentType }))}`;
  }
  if (auth.startsWith("Qiniu ")) {
    const headers = Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string");
    const s = qiniuV2SigningString({
      method: req.method,
      path: req.target,
      host: String(req.headers.host),
      headers,
      body: req.body,
      contentType: contentType ?? null,
    });
    return auth === `Qiniu ${accessKey}:${b64uHmac(secretKey, s)}`;
  }
  return false;
}
