// Entry point of the Qiniu-compatible emulator (README.md):
//   node --import tsx server/emulator/main.ts [--seed] [--data-dir D] [--host H] [--port P]
// Prints ONE JSON line on stdout when ready (everything else goes to stderr), and serves the same at GET /__emulator.
import { startEmulator } from "./emulator";
import { OptionsError, parseOptions } from "./options";
import { seedDemoData } from "./seed";

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof OptionsError) {
      process.stderr.write(`[emulator] ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const emulator = await startEmulator(options);
  if (options.seed) await seedDemoData(emulator.core);
  process.stdout.write(`${JSON.stringify(emulator.core.info())}\n`);

  let closing = false;
  const shutdown = (code: number) => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(code), 5000);
    force.unref();
    emulator.close().then(
      () => process.exit(code),
      () => process.exit(code),
    );
  };
  process.on("SIGTERM", () => shutdown(0));
  process.on("SIGINT", () => shutdown(0));
  // The console's start script ends us by closing our stdin/stdout pipe too.
  process.stdout.on("error", () => shutdown(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`[emulator] failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
