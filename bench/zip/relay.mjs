// The ceiling of any download that passes through a second process (bench/zip): a bare Node HTTP server that streams
// the objects whose signed URLs are in argv[2] (one per line) into one response, one after another with one request
// ahead, as the console's zip does, but with no ZIP, no Next.js and no authentication. Prints its port on stdout.
import { readFileSync } from "node:fs";
import http from "node:http";

const urls = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const server = http.createServer(async (_req, res) => {
  res.writeHead(200, { "content-type": "application/octet-stream" });
  let next = fetch(urls[0]);
  for (let i = 0; i < urls.length; i++) {
    const body = (await next).body;
    if (i + 1 < urls.length) next = fetch(urls[i + 1]);
    for await (const chunk of body) if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
  }
  res.end();
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
