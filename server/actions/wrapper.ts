import "server-only";

// Where the pieces of the one action/route path used to live together; kept so existing imports keep working.
// The action pipeline: ./pipeline/define-action.ts (checks shared with routes: ./pipeline/access.ts); the GET route
// guard: server/http/route-guard.ts; the cross-site check: server/http/cross-site.ts; the error table:
// server/errors/error-table.ts; the result types shared with the browser: lib/actions/result.ts.
export type { ActionError, ActionResult } from "@/lib/actions/result";
export {
  actionInfo,
  defineAction,
  isWrappedAction,
  runAction,
  type ActionContext,
  type ActionDefinition,
  type ActionEnv,
  type ActionInfo,
} from "./pipeline/define-action";
export { ActionFailure } from "@/server/errors/action-failure";
export { toActionError } from "@/server/errors/error-table";
export { isCrossSite } from "@/server/http/cross-site";
export { withRoute, type RouteContext } from "@/server/http/route-guard";
