// Every server action of the app, found by importing every server/actions/*.ts module (except the wrapper itself)
// and reading the brand that defineAction puts on what it makes.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { actionInfo, type ActionInfo } from "@/server/actions/wrapper";

export const ACTIONS_DIR = path.resolve(__dirname, "../../server/actions");

export interface CatalogEntry extends ActionInfo {
  file: string; // e.g. "server/actions/users.ts"
  exportName: string;
}

export interface ActionModule {
  file: string;
  source: string;
  exports: Record<string, unknown>;
}

export function actionFiles(): string[] {
  return readdirSync(ACTIONS_DIR)
    .filter((f) => f.endsWith(".ts") && f !== "wrapper.ts" && !f.endsWith(".d.ts"))
    .sort();
}

export async function loadActionModules(): Promise<ActionModule[]> {
  const modules: ActionModule[] = [];
  for (const f of actionFiles()) {
    const full = path.join(ACTIONS_DIR, f);
    modules.push({
      file: `server/actions/${f}`,
      source: readFileSync(full, "utf8"),
      exports: (await import(pathToFileURL(full).href)) as Record<string, unknown>,
    });
  }
  return modules;
}

export async function actionCatalog(): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  for (const m of await loadActionModules()) {
    for (const [exportName, value] of Object.entries(m.exports)) {
      const info = actionInfo(value);
      if (info) entries.push({ ...info, file: m.file, exportName });
    }
  }
  return entries;
}
