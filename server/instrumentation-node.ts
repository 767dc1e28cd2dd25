import "server-only";
import { ConfigError, getConfig } from "./config";
import { startServer } from "./startup";
import { installPeerAddressHeader } from "./auth/peer-address";

// Validate configuration first, so a bad setting stops start-up with one clear message naming the variable.
try {
  getConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`\n${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
// Before the first request: the real TCP peer for per-IP login limits (CONSOLE_TRUSTED_PROXY, server/auth/client-ip.ts).
installPeerAddressHeader();
await startServer();
