import "server-only";
import { ConfigError, getConfig } from "./config";
import { startServer } from "./startup";

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
await startServer();
