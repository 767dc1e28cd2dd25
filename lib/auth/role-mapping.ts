import { z } from "zod";
import { parseScopes, ROLES, type Role, type Scope } from "@/lib/permissions";

// OIDC_ROLE_MAPPING: which console role and scopes a single sign-on identity gets from its provider's claims. A JSON
// list of rules, the first match wins, applied at every sign-in (so a change at the provider takes effect at the next
// one). Example: [{"claim":"groups","value":"storage-admins","role":"admin"},
//                 {"claim":"groups","value":"cdn-team","role":"ops","scopes":["assets","media/public/"]}]

const rule = z.object({
  /** The claim to look at ("groups" by default); its value may be a string or a list of strings. */
  claim: z.string().min(1).default("groups"),
  /** The value the claim must equal (or contain, for a list). */
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String),
  role: z.enum(ROLES),
  /** `bucket` or `bucket/prefix`; none = every bucket. Ignored for admins. */
  scopes: z.array(z.string().min(1)).max(200).default([]),
});

export type RoleMappingRule = z.output<typeof rule>;

/** The parsed rules, or a message saying what is wrong (for the start-up check). */
export function parseRoleMapping(json: string): RoleMappingRule[] | string {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    return `is not valid JSON (${(err as Error).message})`;
  }
  const parsed = z.array(rule).safeParse(raw);
  if (!parsed.success)
    return `expected a list of {claim, value, role, scopes} rules: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
  return parsed.data;
}

function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  if (Array.isArray(value)) return value.filter((v) => ["string", "number", "boolean"].includes(typeof v)).map(String);
  return value === undefined || value === null || typeof value === "object" ? [] : [String(value)];
}

/** The role and scopes the first matching rule gives, or null when none matches. */
export function mapClaims(rules: readonly RoleMappingRule[], claims: Record<string, unknown>): { role: Role; scopes: Scope[] } | null {
  for (const r of rules) {
    if (claimValues(claims, r.claim).includes(r.value)) return { role: r.role, scopes: r.role === "admin" ? [] : parseScopes(r.scopes.join("\n")) };
  }
  return null;
}
