// ESLint rule: the layers import only downwards (README "Layout"; issue 19).
// - lib/ runs anywhere: it imports neither components/, server/ nor app/.
// - server/emulator/ is a program of its own: nothing from server/ outside it, nor components/, app/, Next, React
//   or `server-only` (it runs under plain Node without the react-server condition).
// - Client code ("use client" files) and components/ reach server/ only through the server-action modules
//   ("use server" files: the RPC boundary), plus `import type` from server/ (erased: the shapes of action results and
//   of the GET routes' JSON).
//   Server components in components/ (no "use client") may also use server/i18n to translate while rendering, and
//   name server shapes with `import type` (erased, so nothing of server/ can reach a browser through them).
// Relative paths and the `@/` alias are both resolved; dynamic `import("…")` counts too.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EXTENSIONS = ["", ".ts", ".tsx", ".js", ".mjs", "/index.ts", "/index.tsx"];
const useServerCache = new Map();

function isUseServerModule(rel) {
  if (useServerCache.has(rel)) return useServerCache.get(rel);
  let result = false;
  for (const ext of EXTENSIONS) {
    const p = path.join(ROOT, rel + ext);
    if (fs.existsSync(p) && fs.statSync(p).isFile()) {
      result = /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(fs.readFileSync(p, "utf8").slice(0, 2000));
      break;
    }
  }
  useServerCache.set(rel, result);
  return result;
}

/** The repository-relative target of a specifier, or undefined for a package. */
function targetOf(specifier, fromFile) {
  if (specifier.startsWith("@/")) return path.normalize(specifier.slice(2));
  if (specifier.startsWith(".")) return path.relative(ROOT, path.resolve(path.dirname(fromFile), specifier));
  return undefined;
}

const under = (rel, dir) => rel === dir || rel.startsWith(`${dir}/`);
const isFramework = (pkg) => pkg === "server-only" || /^(next|react|react-dom)(\/|$)/.test(pkg);

function hasUseClient(program) {
  for (const stmt of program.body) {
    if (stmt.type !== "ExpressionStatement" || typeof stmt.directive !== "string") break;
    if (stmt.directive === "use client") return true;
  }
  return false;
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: { type: "problem", schema: [], messages: { forbidden: "{{file}} may not import {{target}}: {{why}}" } },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const file = path.relative(ROOT, filename).split(path.sep).join("/");
    if (file.startsWith("..")) return {};
    let client = false;

    const check = (node, specifier, typeOnly) => {
      if (typeof specifier !== "string") return;
      const target = targetOf(specifier, filename)?.split(path.sep).join("/");
      const report = (why) => context.report({ node, messageId: "forbidden", data: { file, target: target ?? specifier, why } });

      if (under(file, "server/emulator")) {
        if (target === undefined) {
          if (!typeOnly && isFramework(specifier)) report("the emulator runs under plain Node (no Next, React or server-only)");
        } else if (under(target, "server") && !under(target, "server/emulator")) report("the emulator uses nothing of the console's server/");
        else if (under(target, "components") || under(target, "app")) report("the emulator uses no UI code");
        return;
      }
      if (target === undefined) return;
      if (under(file, "lib")) {
        if (under(target, "components") || under(target, "server") || under(target, "app")) report("lib/ runs anywhere and depends on no upper layer");
        return;
      }
      if ((client || under(file, "components")) && under(target, "server")) {
        if (isUseServerModule(target)) return; // a server action: the one door from the browser
        // `import type` is erased by the compiler: naming a response shape (a GET route's JSON) brings nothing of server/.
        if (typeOnly) return;
        if (!client && target === "server/i18n") return; // a server component translating
        report(client ? "client code reaches the server only through server actions" : "components/ reach the server only through server actions");
      }
    };

    return {
      Program(node) {
        client = hasUseClient(node);
      },
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === "type" || (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === "ImportSpecifier" && s.importKind === "type"));
        check(node, node.source.value, typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === "type");
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === "type");
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source.value, false);
      },
    };
  },
};

const plugin = { rules: { "import-boundaries": rule } };
export default plugin;
