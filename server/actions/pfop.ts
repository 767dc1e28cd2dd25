"use server";

import "server-only";
import { listPfopJobsDef, refreshPfopJobDef, submitPfopDef } from "@/server/pfop/action-defs";
import { defineAction } from "./wrapper";

// Persistent processing (issue 9). Every export is made by defineAction; the definitions (input, permission, scope
// targets, handler, audit) live in server/pfop/action-defs.ts.

export type { PfopJobPage } from "@/server/pfop/action-defs";

export const submitPfop = defineAction(submitPfopDef);
export const listPfopJobs = defineAction(listPfopJobsDef);
export const refreshPfopJob = defineAction(refreshPfopJobDef);
