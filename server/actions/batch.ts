"use server";

import "server-only";
import {
  createBatchJobDef,
  addBatchKeysDef,
  startBatchJobDef,
  cancelBatchJobDef,
  resumeBatchJobDef,
  retryBatchJobDef,
  undoBatchJobDef,
} from "@/server/batch/action-defs";
import { defineAction } from "./wrapper";

// Batch jobs. Every export is made by defineAction; the definitions (input, permission, scope targets, handler, audit)
// live in server/batch/action-defs.ts.

export const createBatchJob = defineAction(createBatchJobDef);
export const addBatchKeys = defineAction(addBatchKeysDef);
export const startBatchJob = defineAction(startBatchJobDef);
export const cancelBatchJob = defineAction(cancelBatchJobDef);
export const resumeBatchJob = defineAction(resumeBatchJobDef);
export const retryBatchJob = defineAction(retryBatchJobDef);
export const undoBatchJob = defineAction(undoBatchJobDef);
