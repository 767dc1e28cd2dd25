// The console's one permission model. Pure and browser-safe: the UI uses it to hide what a user may not do, the server
// (server/actions/wrapper.ts) uses the same functions to refuse it.

export const ROLES = ["admin", "editor", "ops", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "buckets.read", // list buckets, see domains and bucket facts
  "buckets.manage", // create and delete buckets; bucket-level settings, rules, quotas, tags and usage (admins)
  "objects.read", // browse, stat, download links
  "objects.write", // single-object edits: rename/copy/metadata/storage class/lifecycle/restore
  "objects.delete",
  "upload.write", // issue upload tokens, finish uploads, fetch from URL
  "batch.run",
  "pfop.submit",
  "pfop.read",
  "cdn.read", // traffic and bandwidth dashboards, refresh/prefetch history, logs
  "cdn.write", // refresh and prefetch
  "audit.read",
  "users.manage",
  "settings.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ONLY: Permission[] = ["buckets.read", "objects.read", "pfop.read", "cdn.read"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  editor: [...READ_ONLY, "objects.write", "objects.delete", "upload.write", "batch.run", "pfop.submit"],
  ops: [...READ_ONLY, "cdn.write"],
  viewer: READ_ONLY,
};

/** Permissions that act on bucket content and so are limited by a user's bucket/prefix scopes. */
const SCOPED: ReadonlySet<Permission> = new Set<Permission>([
  "buckets.read",
  "objects.read",
  "objects.write",
  "objects.delete",
  "upload.write",
  "batch.run",
  "pfop.submit",
  "pfop.read",
]);

/** One grant: a bucket, optionally only keys starting with `prefix` ("" = the whole bucket). */
export interface Scope {
  bucket: string;
  prefix: string;
}

export interface Principal {
  role: Role;
  /** Empty = every bucket. Ignored for admins, who manage everything. */
  scopes: readonly Scope[];
}

/** What an action touches: a bucket, and inside it one key or everything under a prefix (neither = the whole bucket). */
export interface Target {
  bucket?: string;
  key?: string;
  prefix?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isScopedPermission(permission: Permission): boolean {
  return SCOPED.has(permission);
}

export function isUnrestricted(user: Principal): boolean {
  return user.role === "admin" || user.scopes.length === 0;
}

function targetInScope(user: Principal, permission: Permission, target: Target): boolean {
  // Fail closed: a scoped user doing bucket work without naming the bucket is refused, except listing buckets
  // (the list is then filtered with visibleBuckets).
  if (target.bucket === undefined) return permission === "buckets.read";
  const grants = user.scopes.filter((s) => s.bucket === target.bucket);
  if (grants.length === 0) return false;
  if (target.key !== undefined) return grants.some((s) => target.key!.startsWith(s.prefix));
  if (target.prefix !== undefined) return grants.some((s) => target.prefix!.startsWith(s.prefix));
  // The whole bucket: seeing it needs any grant in it; anything else needs a whole-bucket grant.
  return permission === "buckets.read" || grants.some((s) => s.prefix === "");
}

/**
 * May `user` do `permission` (on `target`)? Several targets (a batch) must all be allowed.
 * `null`/`undefined` user = signed out = nothing.
 */
export function can(user: Principal | null | undefined, permission: Permission, target?: Target | readonly Target[]): boolean {
  if (!user || !roleHas(user.role, permission)) return false;
  if (isUnrestricted(user) || !isScopedPermission(permission)) return true;
  const targets: readonly Target[] = target === undefined ? [{}] : Array.isArray(target) ? target : [target as Target];
  if (targets.length === 0) return false;
  return targets.every((t) => targetInScope(user, permission, t));
}

/** The buckets from `buckets` this user may see. */
export function visibleBuckets<T extends string>(user: Principal, buckets: readonly T[]): T[] {
  return buckets.filter((bucket) => can(user, "buckets.read", { bucket }));
}

/**
 * The key prefixes this user may work under in `bucket`: `null` = the whole bucket, `[]` = none of it.
 * The object browser starts scoped users at these prefixes.
 */
export function scopePrefixes(user: Principal, bucket: string): string[] | null {
  if (isUnrestricted(user)) return null;
  const grants = user.scopes.filter((s) => s.bucket === bucket);
  if (grants.some((s) => s.prefix === "")) return null;
  return grants.map((s) => s.prefix);
}

/** The console sections (sidebar hrefs) and the permission each needs. */
export const SECTION_PERMISSIONS: Record<string, Permission> = {
  "/buckets": "objects.read",
  "/upload": "upload.write",
  "/batch": "batch.run",
  "/processing": "pfop.read",
  "/cdn": "cdn.read",
  "/audit": "audit.read",
  "/users": "users.manage",
};

/** Sections depend on the role only: a scoped user still opens Buckets, then sees only the buckets in scope. */
export function visibleSections(user: Principal): string[] {
  return Object.entries(SECTION_PERMISSIONS)
    .filter(([, permission]) => roleHas(user.role, permission))
    .map(([href]) => href);
}

/** Scopes as edited in the Users page: one per line, `bucket` or `bucket/prefix`. */
export function parseScopes(text: string): Scope[] {
  const scopes: Scope[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const slash = line.indexOf("/");
    const scope = slash === -1 ? { bucket: line, prefix: "" } : { bucket: line.slice(0, slash), prefix: line.slice(slash + 1) };
    if (!scopes.some((s) => s.bucket === scope.bucket && s.prefix === scope.prefix)) scopes.push(scope);
  }
  return scopes;
}

export function formatScopes(scopes: readonly Scope[]): string {
  return scopes.map((s) => (s.prefix ? `${s.bucket}/${s.prefix}` : s.bucket)).join("\n");
}
