// Magic and custom variables in returnBody, callbackBody and saveKey (docs/qiniu-protocol.md §5): `$(name)` or `${name}`.
// Substitution is JSON-aware: inside a JSON string a value is inserted escaped; a bare variable becomes a JSON
// literal (numbers bare, strings quoted, objects as JSON, missing as null). Form bodies get URL-encoded values.
export type VarValue = string | number | boolean | Record<string, unknown> | unknown[];

/** Looks a variable up by its full name (`fsize`, `x:foo`, `imageInfo.width`); undefined = unknown/missing. */
export type VarLookup = (name: string) => VarValue | undefined;

export type TemplateMode = "json" | "form" | "text";

// A factory, not a shared regex: a global RegExp carries lastIndex from one use to the next.
const varPattern = () => /\$\(([^()]*)\)|\$\{([^{}]*)\}/g;

/** Every variable name a template uses. */
export function referencedVars(template: string | undefined): string[] {
  if (!template) return [];
  return [...template.matchAll(varPattern())].map((m) => (m[1] ?? m[2]).trim());
}

/** JSON mode when the template looks like a JSON document. */
export function modeFor(template: string, bodyType?: string): TemplateMode {
  if (bodyType !== undefined) {
    if (bodyType.toLowerCase().startsWith("application/json")) return "json";
    if (bodyType.toLowerCase().startsWith("application/x-www-form-urlencoded")) return "form";
  }
  const t = template.trimStart();
  return t.startsWith("{") || t.startsWith("[") ? "json" : "text";
}

function asText(v: VarValue): string {
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

export function renderTemplate(template: string, lookup: VarLookup, mode: TemplateMode): string {
  let out = "";
  let inString = false;
  let last = 0;
  const VAR = varPattern();
  // Walk the template so we know, for each variable, whether it sits inside a JSON string literal.
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (mode === "json" && c === "\\" && inString) {
      i++;
      continue;
    }
    if (mode === "json" && c === '"') {
      inString = !inString;
      continue;
    }
    if (c !== "$") continue;
    VAR.lastIndex = i;
    const m = VAR.exec(template);
    if (!m || m.index !== i) continue;
    out += template.slice(last, i);
    const value = lookup((m[1] ?? m[2]).trim());
    out += substitute(value, mode, inString);
    i += m[0].length - 1;
    last = i + 1;
  }
  return out + template.slice(last);
}

function substitute(value: VarValue | undefined, mode: TemplateMode, inString: boolean): string {
  switch (mode) {
    case "json":
      if (inString) return value === undefined ? "" : JSON.stringify(asText(value)).slice(1, -1);
      if (value === undefined) return "null";
      if (typeof value === "number" || typeof value === "boolean" || typeof value === "object") return JSON.stringify(value);
      return JSON.stringify(value);
    case "form":
      return value === undefined ? "" : encodeURIComponent(asText(value));
    default:
      return value === undefined ? "" : asText(value);
  }
}

/** Resolves dotted names (`imageInfo.width`) inside an object-valued variable. */
export function dig(root: VarValue | undefined, pathParts: string[]): VarValue | undefined {
  let cur: unknown = root;
  for (const p of pathParts) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === null || cur === undefined) return undefined;
  return cur as VarValue;
}
