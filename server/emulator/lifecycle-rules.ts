// Bucket lifecycle rules (`/rules/*`) turned into the per-object dates the store already honours: expire_at (deleted
// by the sweeper and on read) and the to_*_at transitions (applied on read, records.ts). Dates count from each
// object's put time in lifecycle days (EMULATOR_DAY_SECONDS). Qiniu applies rules to existing objects too, so a rule
// that is added or changed is applied to every matching object; dates an object got explicitly (deleteAfterDays in
// the put policy, rs /lifecycle, /deleteAfterDays) are kept.
import type { LifecycleRule } from "./bucket-settings";
import type { Db } from "./db";

const FIELDS = [
  ["delete_after_days", "expire_at"],
  ["to_line_after_days", "to_ia_at"],
  ["to_archive_ir_after_days", "to_archive_ir_at"],
  ["to_archive_after_days", "to_archive_at"],
  ["to_deep_archive_after_days", "to_deep_archive_at"],
] as const;

/**
 * Fills the rules' dates in on the bucket's objects (or only on `key`) where the object has no date of its own for
 * that field; the longest prefix goes first, so it wins. put_time is in 100 ns units.
 */
export function applyRules(db: Db, dayMs: number, bucket: string, rules: LifecycleRule[], key?: string): void {
  const where = key === undefined ? "substr(key, 1, length(@prefix)) = @prefix" : "key = @key";
  for (const rule of [...rules].sort((a, b) => b.prefix.length - a.prefix.length)) {
    if (key !== undefined && !key.startsWith(rule.prefix)) continue;
    for (const [days, column] of FIELDS) {
      if (!(rule[days] > 0)) continue;
      db.prepare(`UPDATE objects SET ${column} = put_time / 10000 + @offset WHERE bucket = @bucket AND ${column} IS NULL AND ${where}`).run({
        offset: rule[days] * dayMs,
        bucket,
        ...(key === undefined ? { prefix: rule.prefix } : { key }),
      });
    }
  }
}

/** Clears the dates a rule set (those equal to what it computes), before it changes or goes. */
export function unapplyRule(db: Db, dayMs: number, bucket: string, rule: LifecycleRule): void {
  for (const [days, column] of FIELDS) {
    if (!(rule[days] > 0)) continue;
    db.prepare(
      `UPDATE objects SET ${column} = NULL WHERE bucket = @bucket AND ${column} = put_time / 10000 + @offset AND substr(key, 1, length(@prefix)) = @prefix`,
    ).run({
      offset: rule[days] * dayMs,
      bucket,
      prefix: rule.prefix,
    });
  }
}

/** Day counts of one rule must grow from transition to transition, and deletion comes last. */
export function lifecycleOrderError(rule: LifecycleRule): string | undefined {
  let last = 0;
  let lastName = "";
  for (const name of ["to_line_after_days", "to_archive_ir_after_days", "to_archive_after_days", "to_deep_archive_after_days", "delete_after_days"] as const) {
    const n = rule[name];
    if (n === 0) continue;
    if (n <= last) return `${name} must be greater than ${lastName}`;
    last = n;
    lastName = name;
  }
  return undefined;
}
