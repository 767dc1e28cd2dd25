// Prints the action catalog (test/support/action-catalog.ts) as JSON on stdout, for tests that run outside vitest
// (Playwright) and cannot import server modules themselves. Run with: node --conditions=react-server --import tsx <this file>
import { actionCatalog } from "./action-catalog";

actionCatalog().then(
  (entries) => {
    process.stdout.write(`${JSON.stringify(entries)}\n`);
    process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
