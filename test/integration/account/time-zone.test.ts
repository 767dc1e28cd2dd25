// The display time zone is kept per user (migration 015): set, read back, cleared, and refused when unknown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate } from "@/lib/i18n/translate";
import { runAction, type ActionEnv } from "@/server/actions/wrapper";
import { getTimeZonePreference, setTimeZoneDef, setTimeZonePreference } from "@/server/auth/preferences";
import { createUser } from "@/server/auth/users";
import { openTestDb, type TestDb } from "../../support/db";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb("pglite");
}, 60_000);
afterAll(async () => testDb?.close());

describe("display time zone preference", () => {
  it("is stored per user and null means the browser's own zone", async () => {
    const { db } = testDb;
    const a = await createUser(db, { email: "tz-a@example.test", role: "viewer", passwordHash: null });
    const b = await createUser(db, { email: "tz-b@example.test", role: "viewer", passwordHash: null });
    expect(await getTimeZonePreference(db, a.id)).toBeNull();
    await setTimeZonePreference(db, a.id, "America/New_York");
    await setTimeZonePreference(db, b.id, "Asia/Shanghai");
    expect(await getTimeZonePreference(db, a.id)).toBe("America/New_York");
    expect(await getTimeZonePreference(db, b.id)).toBe("Asia/Shanghai");
    await setTimeZonePreference(db, a.id, null);
    expect(await getTimeZonePreference(db, a.id)).toBeNull();
    // A zone the runtime no longer knows reads as "the browser's own", never as a broken zone.
    await db.query("UPDATE user_preferences SET time_zone = 'Mars/Olympus' WHERE user_id = $1", [b.id]);
    expect(await getTimeZonePreference(db, b.id)).toBeNull();
  });

  it("the account action refuses an unknown zone, in the user's language", async () => {
    const env: ActionEnv = {
      user: async () => ({ id: "00000000-0000-4000-8000-000000000001", email: "x@example.test", name: "X", role: "viewer", scopes: [] }),
      translator: async () => ({ locale: "zh-CN", t: (key, vars) => translate("zh-CN", key, vars) }),
      ip: async () => null,
      audit: async () => {},
    };
    const r = await runAction(setTimeZoneDef, { timeZone: "Mars/Olympus" }, env);
    expect(r).toMatchObject({ ok: false, error: { code: "invalid_input", message: "输入有误，请检查标出的字段。" } });
  });
});
