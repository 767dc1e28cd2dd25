/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload script, loaded with node --require */
// `node --require ./test/support/server-only-hook.cjs --import tsx …`: resolves `server-only` to an empty module, as
// vitest's alias does, so that a plain Node script can import server modules. (The react-server condition would swap
// React for its server build instead, which next/navigation cannot load outside Next.)
const Module = require("node:module");
const path = require("node:path");

const empty = path.join(__dirname, "empty-module.ts");
const original = Module._resolveFilename;
Module._resolveFilename = function resolveServerOnly(request, ...rest) {
  return request === "server-only" ? original.call(this, empty, ...rest) : original.call(this, request, ...rest);
};
