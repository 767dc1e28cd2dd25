#!/usr/bin/env node
// First-load JS per route, transferred (gzip), from a production build:
//   node bench/bundle/run.mjs [--build] [--dist .next]      (npm run bench -- bundle)
// Builds first when there is no build in the dist folder (NEXT_DIST_DIR or --dist, default .next) or with --build.
// A route's first load = the framework's root chunks (build-manifest rootMainFiles) + the client chunks of its page and
// layouts (the route's client reference manifest, entryJSFiles), each file counted once, gzip level 9 as a CDN would
// serve it (brotli beside it). Targets (issue 19): every page ≤ 200 KB, the CDN page ≤ 300 KB.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const distArg = args.indexOf("--dist");
const dist = path.resolve(ROOT, distArg >= 0 ? args[distArg + 1] : (process.env.NEXT_DIST_DIR ?? ".next"));
const TARGET_KB = 200;
const CDN_TARGET_KB = 300;

if (args.includes("--build") || !existsSync(path.join(dist, "build-manifest.json"))) {
  process.stderr.write(`building into ${path.relative(ROOT, dist)}…\n`);
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: path.relative(ROOT, dist), NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const sizeCache = new Map();
/** [gzip, brotli] bytes of one build file (0 when absent). */
function sizes(rel) {
  if (!sizeCache.has(rel)) {
    const file = path.join(dist, rel);
    const body = existsSync(file) ? readFileSync(file) : undefined;
    sizeCache.set(
      rel,
      body ? [gzipSync(body, { level: 9 }).length, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length] : [0, 0],
    );
  }
  return sizeCache.get(rel);
}
const sum = (files, i) => [...files].reduce((n, f) => n + sizes(f)[i], 0) / 1024;

function manifestsUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return manifestsUnder(p);
    return e.name === "page_client-reference-manifest.js" ? [p] : [];
  });
}

/** `/buckets/[bucket]/page` → `/buckets/[bucket]`; route groups `(console)` dropped. */
function routeOf(page) {
  const r = page.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "");
  return r === "" ? "/" : r;
}

const build = JSON.parse(readFileSync(path.join(dist, "build-manifest.json"), "utf8"));
const root = (build.rootMainFiles ?? []).filter((f) => f.endsWith(".js"));
const rows = [];
for (const file of manifestsUnder(path.join(dist, "server/app"))) {
  const sandbox = { globalThis: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  for (const [page, manifest] of Object.entries(sandbox.__RSC_MANIFEST ?? {})) {
    if (page.startsWith("/_")) continue; // _not-found, _global-error
    const files = new Set(root);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const c of chunks) if (c.endsWith(".js")) files.add(c.replace(/^\/?_next\//, ""));
    const route = routeOf(page);
    const target = route === "/cdn" ? CDN_TARGET_KB : TARGET_KB;
    rows.push({ route, kb: sum(files, 0), br: sum(files, 1), files: files.size, target });
  }
}
if (rows.length === 0) {
  process.stderr.write(`no client reference manifests under ${path.relative(ROOT, dist)}/server/app: is this an App Router build?\n`);
  process.exit(1);
}
rows.sort((a, b) => b.kb - a.kb);
console.log(`first-load JS per route (framework root chunks alone: ${sum(root, 0).toFixed(1)} KB gzip, ${sum(root, 1).toFixed(1)} KB brotli)`);
console.log(`| route | first load, KB gzip (what next start sends) | KB brotli (a CDN or proxy that supports it) | files | target (gzip) | |`);
console.log(`|---|---|---|---|---|---|`);
for (const r of rows)
  console.log(`| ${r.route} | ${r.kb.toFixed(1)} | ${r.br.toFixed(1)} | ${r.files} | ≤ ${r.target} | ${r.kb <= r.target ? "met" : "not met"} |`);
const over = rows.filter((r) => r.kb > r.target);
console.log(over.length === 0 ? "every route within its target" : `${over.length} route(s) over their target: ${over.map((r) => r.route).join(", ")}`);
