// The upstream probe behind /api/health (issue 17, finding 11) against a real emulator process: reachable while it
// runs, unreachable once it is killed, and a host that accepts connections but never answers is given up on in time.
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { upstreamReachable } from "@/server/health";
import { startEmulator, type RunningEmulator } from "../support/emulator";

let emu: RunningEmulator | undefined;
let silent: net.Server | undefined;

afterAll(async () => {
  await emu?.stop();
  silent?.close();
});

describe("upstreamReachable", () => {
  it("is true while the emulator runs and false once it was killed with SIGKILL", async () => {
    emu = await startEmulator();
    const hosts = { rs: emu.endpoints.rs, uc: emu.endpoints.uc };
    expect(await upstreamReachable(hosts)).toBe(true);
    const exited = new Promise((resolve) => emu!.process.once("exit", resolve));
    emu.kill9();
    await exited;
    expect(await upstreamReachable(hosts)).toBe(false);
  });

  it("gives up on a host that accepts the connection and never answers", async () => {
    const sockets: net.Socket[] = [];
    silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent!.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    // Without its timeout the probe would wait for ever (and the test time out): answering at all is the proof.
    expect(await upstreamReachable({ rs: base, uc: base }, 300)).toBe(false);
    for (const s of sockets) s.destroy();
  });
});
