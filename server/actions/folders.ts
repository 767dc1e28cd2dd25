"use server";

import "server-only";
import { z } from "zod";
import { folderKey, folderNameProblem } from "@/lib/buckets/folder-names";
import { createFolderObject } from "@/server/buckets/create-folder";
import { bucketName, keyPrefix } from "@/server/buckets/schemas";
import { ActionFailure, defineAction } from "./wrapper";

// Folders of the bucket browser. Renaming, moving, copying and deleting a folder are prefix jobs of the batch engine
// (server/actions/batch.ts), so they are authorized, audited and undone there; only making one lives here.

const newFolder = z.object({ bucket: bucketName, parent: keyPrefix, name: z.string().max(750) });

/** A new, empty folder `parent/name/` (an empty object of that name, as kodo-browser makes it). */
export const createFolder = defineAction({
  name: "objects.createFolder",
  input: newFolder,
  permission: "objects.write",
  // The scope check covers the object the folder is made of.
  target: (i) => ({ bucket: i.bucket, key: folderKey(i.parent, i.name) }),
  handler: async (i) => {
    const problem = folderNameProblem(i.parent, i.name);
    if (problem) throw new ActionFailure("invalid_name", `browser.folders.problem.${problem}`);
    const key = folderKey(i.parent, i.name);
    const result = await createFolderObject(i.bucket, key);
    if (!result.created) throw new ActionFailure("exists", "browser.folders.exists", { name: i.name });
    return { key };
  },
});
