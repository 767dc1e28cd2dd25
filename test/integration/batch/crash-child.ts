// Child process for the crash test: runs one batch job with the real runner against the emulator and a PGlite data
// directory, and reports on stdout when a chunk has been applied by the emulator. The test SIGKILLs it while the
// third chunk's answer is held back, i.e. after Qiniu applied it and before the database recorded it.
import { openPglite } from "@/server/db/pglite";
import { QiniuClient } from "@/lib/qiniu/client";
import { BatchRunner } from "@/server/batch/runner";

async function main() {
  const [dbDir, jobId, hostsJson, ak, sk] = process.argv.slice(2);
  const db = await openPglite(dbDir);
  const client = new QiniuClient({ accessKey: ak, secretKey: sk, hosts: JSON.parse(hostsJson) });
  let calls = 0;
  const qiniu = {
    list: client.list.bind(client),
    async batch(ops: readonly string[]) {
      const n = ++calls;
      const results = await client.batch(ops);
      process.stdout.write(`applied ${n} ${ops.length}\n`);
      // Hold the third answer back so the parent can kill us while it is applied but unrecorded.
      if (n === 3) await new Promise((r) => setTimeout(r, 60_000));
      return results;
    },
  } as unknown as Pick<QiniuClient, "batch" | "list">;
  const runner = new BatchRunner({ db, qiniu, chunkSize: 200, concurrency: 2, staleMs: 2000 });
  // The run acts for this user: the parent checks the audit records name it.
  if (!(await runner.startRun(jobId, { id: null, email: "crash-child@example.test", role: "admin", scopes: [] }))) throw new Error("could not start the job");
  process.stdout.write("started\n");
  await runner.settled(jobId);
  process.stdout.write("finished\n");
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
