"use server";

import "server-only";
import { setTimeZoneDef } from "@/server/auth/preferences";
import { defineAction } from "./wrapper";

// Every export here is an action made by defineAction (checked by test/unit/server/actions/all-wrapped.test.ts).

/** The signed-in user's display time zone (an IANA name), or null to follow the browser's own zone. */
export const setDisplayTimeZone = defineAction(setTimeZoneDef);
