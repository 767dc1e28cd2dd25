import "server-only";
import http from "node:http";
import { PEER_HEADER } from "./client-ip";

const ORIGINAL = Symbol.for("qiniu-console.peer-address.original-emit");
type Patched = http.Server & { [ORIGINAL]?: http.Server["emit"] };

/**
 * Route handlers and server actions only see headers, never the socket. This puts the TCP peer's address into
 * PEER_HEADER on every request the Node HTTP server receives, replacing whatever a client sent under that name, so
 * that clientIp() can tell the real peer from an X-Forwarded-For a client made up. Installed once at start-up
 * (server/instrumentation-node.ts); the server `next start` creates is in this same process.
 */
export function installPeerAddressHeader(): void {
  const proto = http.Server.prototype as Patched;
  if (proto[ORIGINAL]) return;
  const emit = proto.emit;
  proto[ORIGINAL] = emit;
  proto.emit = function emitWithPeer(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as http.Server["emit"];
}

/** Undoes installPeerAddressHeader (tests that share a process with other servers). */
export function uninstallPeerAddressHeader(): void {
  const proto = http.Server.prototype as Patched;
  if (!proto[ORIGINAL]) return;
  proto.emit = proto[ORIGINAL];
  delete proto[ORIGINAL];
}
