// A throw-away PostgreSQL server for a whole test run (scripts/test.mjs: the e2e specs once more on PostgreSQL):
//   node --import tsx test/support/postgres-main.ts
// Prints one JSON line `{"ready":true,"url":"postgres://…"}` once it accepts connections; SIGTERM or SIGINT stops it
// and removes its data.
import { startPostgres } from "./postgres";

async function main() {
  const server = await startPostgres();
  process.stdout.write(`${JSON.stringify({ ready: true, url: server.url })}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.stop().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // The parent going away (killed test run) stops the server too.
  process.stdin.on("end", stop);
  process.stdin.resume();
}

main().catch((err: Error) => {
  process.stderr.write(`postgres-main: ${err.message}\n`);
  process.exit(1);
});
