import { describe, expect, it } from "vitest";
import { itemAllowed, operationPermissions } from "@/lib/batch/scope";
import type { Principal } from "@/lib/permissions";
import type { BatchOperation } from "@/lib/batch/spec";

const editorInTeamA: Principal = { role: "editor", scopes: [{ bucket: "media", prefix: "team-a/" }] };
const move: BatchOperation = { op: "move", targetBucket: "media", pattern: { kind: "prefix", from: "team-a/", to: "team-b/" }, overwrite: false };
const item = (key: string, targetKey: string | null = null) => ({ bucket: "media", key, targetBucket: targetKey && "media", targetKey });

describe("batch items within a user's scopes", () => {
  it("needs what the same change one object at a time would need", () => {
    expect(operationPermissions({ op: "delete" })).toEqual(["batch.run", "objects.delete"]);
    expect(operationPermissions(move)).toEqual(["batch.run", "objects.write", "objects.delete"]);
    expect(operationPermissions({ op: "stat" })).toEqual(["batch.run", "objects.read"]);
  });

  it("allows sources and targets inside the scope only", () => {
    expect(itemAllowed(editorInTeamA, { op: "delete" }, item("team-a/x.jpg"))).toBe(true);
    expect(itemAllowed(editorInTeamA, { op: "delete" }, item("team-b/x.jpg"))).toBe(false);
    expect(itemAllowed(editorInTeamA, move, item("team-a/x.jpg", "team-a/old/x.jpg"))).toBe(true);
    // moving out of the scope is refused even though the source is inside it
    expect(itemAllowed(editorInTeamA, move, item("team-a/x.jpg", "team-b/x.jpg"))).toBe(false);
  });

  it("refuses roles without batch or the operation's permission", () => {
    expect(itemAllowed({ role: "viewer", scopes: [] }, { op: "stat" }, item("a"))).toBe(false);
    expect(itemAllowed({ role: "ops", scopes: [] }, { op: "delete" }, item("a"))).toBe(false);
    expect(itemAllowed({ role: "admin", scopes: [] }, { op: "delete" }, item("anything"))).toBe(true);
  });
});
