// uc service, named bucket rules as npm `qiniu` BucketManager sends them (form body or query):
// lifecycle `/rules/add|update|delete` (POST) and `/rules/get?bucket=` (GET), applied to objects by put time
// (lifecycle-rules.ts); event notification `/events/add|update|delete|get`, stored and listed (not delivered).
import type { EventRule, LifecycleRule } from "../bucket-settings";
import type { RequestCtx } from "../core";
import { applyRules, lifecycleOrderError, unapplyRule } from "../lifecycle-rules";
import { badRequest, QiniuHttpError, sendJson, sendOk } from "../http";
import { authedParams, existingBucket } from "./common";

// go-sdk BucketLifeCycleRule: "shorter than 50, letters, digits and underscores"; used for event rules as well.
const RULE_NAME = /^[A-Za-z0-9_]{1,49}$/;
const DAY_FIELDS = [
  "delete_after_days",
  "to_line_after_days",
  "to_archive_ir_after_days",
  "to_archive_after_days",
  "to_deep_archive_after_days",
  "history_delete_after_days",
  "history_to_line_after_days",
] as const;
const EVENT_TYPES = new Set(["put", "mkfile", "delete", "copy", "move", "append", "disable", "enable", "deleteMarkerCreate", "predelete", "restore:completed"]);

const noSuchRule = (name: string) => new QiniuHttpError(612, `no such rule: ${name}`);
const ruleExists = (what: string) => new QiniuHttpError(614, `${what} already exists`);

function ruleName(p: URLSearchParams): string {
  const name = p.get("name") ?? "";
  if (!RULE_NAME.test(name)) throw badRequest("name must be 1 to 49 letters, digits or underscores");
  return name;
}

function lifecycleRule(p: URLSearchParams): LifecycleRule {
  const rule = { name: ruleName(p), prefix: p.get("prefix") ?? "", ctime: new Date().toISOString() } as LifecycleRule;
  for (const f of DAY_FIELDS) {
    const raw = p.get(f) ?? "0";
    if (!/^\d{1,6}$/.test(raw)) throw badRequest(`${f} must be a non-negative integer`);
    rule[f] = Number(raw);
  }
  if (DAY_FIELDS.slice(0, 5).every((f) => rule[f] === 0)) throw badRequest("the rule must delete or transition something");
  const order = lifecycleOrderError(rule);
  if (order) throw badRequest(order);
  return rule;
}

async function lifecycle(rc: RequestCtx, action: string): Promise<void> {
  const p = await authedParams(rc);
  const row = existingBucket(rc, p.get("bucket"));
  const { core } = rc;
  const { settings } = core.buckets;
  if (action === "get") {
    sendJson(rc.res, 200, settings.get(row.name, "lifecycle"));
    return;
  }
  const name = ruleName(p);
  core.db.transaction(() => {
    const rules = settings.get(row.name, "lifecycle");
    const i = rules.findIndex((r) => r.name === name);
    if (action === "add") {
      const rule = lifecycleRule(p);
      if (i >= 0) throw ruleExists(`rule ${name}`);
      if (rules.some((r) => r.prefix === rule.prefix)) throw ruleExists(`a rule for prefix "${rule.prefix}"`);
      rules.push(rule);
    } else {
      if (i < 0) throw noSuchRule(name);
      unapplyRule(core.db, core.dayMs, row.name, rules[i]);
      if (action === "delete") rules.splice(i, 1);
      else {
        const rule = { ...lifecycleRule(p), ctime: rules[i].ctime };
        if (rules.some((r, j) => j !== i && r.prefix === rule.prefix)) throw ruleExists(`a rule for prefix "${rule.prefix}"`);
        rules[i] = rule;
      }
    }
    settings.set(row.name, "lifecycle", rules);
    applyRules(core.db, core.dayMs, row.name, rules);
  })();
  sendOk(rc.res);
}

function eventRule(p: URLSearchParams): EventRule {
  const events = p
    .getAll("event")
    .flatMap((e) => e.split(","))
    .map((e) => e.trim())
    .filter(Boolean);
  if (events.length === 0) throw badRequest("event is required");
  for (const e of events) if (!EVENT_TYPES.has(e)) throw badRequest(`unknown event ${e}`);
  const urls = p
    .getAll("callbackURL")
    .flatMap((u) => u.split(";"))
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length === 0) throw badRequest("callbackURL is required");
  for (const u of urls) if (!/^https?:\/\/[^\s/]+/.test(u)) throw badRequest(`callbackURL must be an http(s) URL: ${u}`);
  return {
    name: ruleName(p),
    prefix: p.get("prefix") ?? "",
    suffix: p.get("suffix") ?? "",
    event: [...new Set(events)],
    callbackURL: urls,
    // The Node SDK sends access_key, the API spec names it accessKey.
    accessKey: p.get("accessKey") ?? p.get("access_key") ?? "",
    host: p.get("host") ?? "",
  };
}

async function events(rc: RequestCtx, action: string): Promise<void> {
  const p = await authedParams(rc);
  const row = existingBucket(rc, p.get("bucket"));
  const { settings } = rc.core.buckets;
  if (action === "get") {
    sendJson(rc.res, 200, settings.get(row.name, "events"));
    return;
  }
  const name = ruleName(p);
  settings.update(row.name, "events", (rules) => {
    const i = rules.findIndex((r) => r.name === name);
    if (action === "add") {
      if (i >= 0) throw ruleExists(`event rule ${name}`);
      return [...rules, eventRule(p)];
    }
    if (i < 0) throw noSuchRule(name);
    return action === "delete" ? rules.filter((_, j) => j !== i) : rules.map((r, j) => (j === i ? eventRule(p) : r));
  });
  sendOk(rc.res);
}

const ACTIONS = new Set(["add", "update", "delete", "get"]);

/** `/rules/<action>` and `/events/<action>`; false for other paths. */
export async function handleBucketRules(rc: RequestCtx): Promise<boolean> {
  const [kind, action, extra] = rc.segs;
  if ((kind !== "rules" && kind !== "events") || !ACTIONS.has(action ?? "") || extra !== undefined) return false;
  const wanted = action === "get" ? "GET" : "POST";
  if (rc.method !== wanted && !(action === "get" && rc.method === "POST")) throw new QiniuHttpError(405, "method not allowed");
  await (kind === "rules" ? lifecycle(rc, action) : events(rc, action));
  return true;
}
