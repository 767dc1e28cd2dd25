// The console's open POST endpoints on the real server (next start), attacked from outside: a forged upload callback
// under a signature that does not cover its body, and chunked bodies far larger than any genuine one.
import http from "node:http";
import { expect, test } from "@playwright/test";
import qiniu from "qiniu";
import { emulatorSdk } from "../support/buckets-e2e";
import { e2eServerEnv } from "../support/e2e-env";

const MiB = 1024 * 1024;

test("refuses a forged callback body sent as JSON or without a type under a path-only signature", async ({ request, baseURL }) => {
  const { info } = await emulatorSdk();
  const url = `${baseURL}/api/qiniu/callback`;
  const seal = `deadline=${Math.floor(Date.now() / 1000) + 600}&host=${encodeURIComponent(new URL(baseURL!).host)}`;
  const body = `key=forged-json.txt&hash=Fto5o-5ea0sNMlW_75VgGJCv2AcJ&fsize=0&mimeType=text%2Fplain&bucket=b&endUser=x&batch=b&user=x&overwrite=0&${seal}`;
  // The official SDK's QBox signature without a body: what Qiniu sends for a JSON callback to this URL.
  const pathOnly = qiniu.util.generateAccessToken(new qiniu.auth.digest.Mac(info.accessKey, e2eServerEnv().EMULATOR_SECRET_KEY), url, null as never);
  for (const type of ["application/json", "text/plain", undefined]) {
    const res = await request.post(url, { headers: { authorization: pathOnly, ...(type ? { "content-type": type } : {}) }, data: Buffer.from(body) });
    expect(res.status(), `sent as ${type ?? "no content type"}: ${await res.text()}`).toBe(415);
  }
});

/** POSTs up to `total` bytes chunked (no Content-Length), as fast as the server reads them; stops at its answer. */
function floodChunked(url: string, total: number, headers: Record<string, string>): Promise<{ status: number | null; sent: number }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let done = false;
    const finish = (status: number | null) => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ status, sent });
    };
    const req = http.request(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } });
    req.on("response", (res) => {
      res.resume();
      finish(res.statusCode ?? null);
    });
    req.on("error", () => finish(null));
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

for (const [route, type] of [
  ["/api/qiniu/callback", "application/x-www-form-urlencoded"],
  ["/api/qiniu/pfop-notify", "application/json"],
  ["/api/auth/callback/credentials", "application/x-www-form-urlencoded"],
] as const) {
  test(`stops reading a 256 MiB chunked POST to ${route} and answers 413`, async ({ baseURL, request }) => {
    const { status, sent } = await floodChunked(`${baseURL}${route}`, 256 * MiB, { "content-type": type, authorization: "QBox ak:sig" });
    expect(status).toBe(413);
    // What sits in the socket buffers on both sides when the server stops reading; reading it all would be 256 MiB.
    expect(sent, `${(sent / MiB).toFixed(1)} MiB were sent before the answer`).toBeLessThan(32 * MiB);
    expect((await request.get(`${baseURL}/api/health`)).status()).toBe(200);
  });
}
