"use server";

import "server-only";
import { submitPfopDef } from "@/server/processing/action-defs";
import { defineAction } from "./wrapper";

// Persistent processing (issue 9). Every export is made by defineAction; the definitions (input, permission, scope
// targets, handler, audit) live in server/processing/action-defs.ts. The job list is a GET route: server/processing/reads.ts.

export const submitPfop = defineAction(submitPfopDef);
