// The repository's import graph, read with the TypeScript compiler (the same resolution tsc uses: the `@/` path alias,
// index files, .ts/.tsx). Used by the architecture tests: no cycles in lib/, an emulator that needs nothing from
// Next or server-only, an upload engine free of React. Static imports, re-exports and `import()` calls count;
// `import type` edges are marked so a check can ignore what the compiler erases.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(__dirname, "../..");

export interface ImportEdge {
  specifier: string;
  /** Absolute path of the file it resolves to inside the repository; undefined for a package (or unresolvable). */
  file?: string;
  /** `import type …` / `export type … from`: erased at run time. */
  typeOnly: boolean;
}

const options: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.ReactJSX,
  baseUrl: ROOT,
  paths: { "@/*": ["./*"] },
};
const host = ts.createCompilerHost(options);
const cache = new Map<string, ImportEdge[]>();

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // side-effect import
  if (clause.isTypeOnly) return true;
  // `import { type A, type B } from` with no default and only type specifiers is erased too.
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** The imports of one file (cached). */
export function importsOf(file: string): ImportEdge[] {
  const hit = cache.get(file);
  if (hit) return hit;
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ specifier: arg.text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const edges = found.map(({ specifier, typeOnly }) => {
    const resolved = ts.resolveModuleName(specifier, file, options, host).resolvedModule;
    const inRepo = resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.includes(`${path.sep}node_modules${path.sep}`);
    return { specifier, typeOnly, file: inRepo ? path.resolve(resolved.resolvedFileName) : undefined };
  });
  cache.set(file, edges);
  return edges;
}

/** Every .ts/.tsx file under `dir` (relative to the repository root). */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(p);
    }
  };
  walk(path.join(ROOT, dir));
  return out.sort();
}

export interface Reach {
  files: Set<string>;
  packages: Set<string>;
}

/** What running `entry` loads: files and package specifiers reachable through run-time imports (type-only edges skipped). */
export function runtimeReach(entry: string): Reach {
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = [path.resolve(ROOT, entry)];
  while (stack.length) {
    const f = stack.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    for (const e of importsOf(f)) {
      if (e.typeOnly) continue;
      if (e.file) stack.push(e.file);
      else packages.add(e.specifier);
    }
  }
  return { files, packages };
}

/** Import cycles among `files` (Tarjan's strongly connected components of size > 1, or a file importing itself). */
export function importCycles(files: string[]): string[][] {
  const inSet = new Set(files);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  const strongConnect = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const e of importsOf(v)) {
      const w = e.file;
      if (!w || !inSet.has(w)) continue;
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = component.length === 1 && importsOf(v).some((e) => e.file === v);
      if (component.length > 1 || selfLoop) cycles.push(component.map((c) => path.relative(ROOT, c)).sort());
    }
  };
  for (const f of files) if (!index.has(f)) strongConnect(f);
  return cycles;
}

export const relative = (file: string): string => path.relative(ROOT, file);
