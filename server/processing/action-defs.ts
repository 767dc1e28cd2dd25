import "server-only";
import { z } from "zod";
import { MAX_FOPS_PER_JOB, parseFopCommand, splitFops } from "@/lib/processing/fop-syntax";
import type { Target } from "@/lib/permissions";
import { fopErrorMessage } from "@/lib/processing/fop-errors";
import { PFOP_PRESET_IDS, presetCommand } from "@/lib/processing/presets";
import { bucketName, objectKey } from "@/server/buckets/schemas";
import { getDb } from "@/server/db";
import { submitJob } from "@/server/processing/service";
import { getQiniu } from "@/server/qiniu";
import { uploadSettings } from "@/server/upload/settings";
import { ActionFailure, type ActionDefinition } from "@/server/actions/wrapper";

// Definitions of the processing actions (issue 9); server/actions/processing.ts wraps each with defineAction. Kept here so
// tests can run them through the wrapper's runAction with their own session and audit sink.
// Submissions are audited; reads are not.

// pfop_jobs keeps the key as plain text, which cannot hold NUL (the batch tables store keys escaped, this one not yet).
const pfopKey = objectKey.refine((k) => !k.includes("\0"), "keys holding NUL cannot be processed here");

const submitInput = z.object({
  bucket: bucketName,
  key: pfopKey,
  presets: z.array(z.enum(PFOP_PRESET_IDS)).max(PFOP_PRESET_IDS.length).default([]),
  /** free-form commands, one per line or ';'-separated */
  fops: z.string().max(20_000).default(""),
  pipeline: z
    .string()
    .trim()
    .regex(/^[\w.-]{0,100}$/)
    .default(""),
  force: z.boolean().default(false),
});
type SubmitInput = z.output<typeof submitInput>;

/** Identity with the wrapper's types, so the handlers below are checked against their input schemas. */
function actionDef<S extends z.ZodType, D>(def: ActionDefinition<S, D>): ActionDefinition<S, D> {
  return def;
}

function commandsOf(input: SubmitInput): string[] {
  return [...input.presets.map((id) => presetCommand(id, input.bucket, input.key)), ...splitFops(input.fops.replace(/\r?\n/g, ";"))];
}

/** What a submission touches: the source, and every output location (a whole bucket when Qiniu picks the name). */
function submitTargets(input: SubmitInput): Target[] {
  const targets: Target[] = [{ bucket: input.bucket, key: input.key }];
  for (const cmd of commandsOf(input)) {
    const parsed = parseFopCommand(cmd);
    if (!parsed.ok) continue; // refused by the handler with its reason
    const saveas = parsed.value.saveas;
    targets.push(saveas?.key ? { bucket: saveas.bucket, key: saveas.key } : { bucket: saveas?.bucket ?? input.bucket });
  }
  return targets;
}

export const submitPfopDef = actionDef({
  name: "pfop.submit",
  input: submitInput,
  permission: "pfop.submit",
  target: submitTargets,
  handler: async (input, ctx): Promise<{ persistentId: string; commands: string[] }> => {
    const commands = commandsOf(input);
    if (commands.length === 0) throw new ActionFailure("no_fops", "processing.errors.noFops", undefined, { fops: "processing.errors.noFops" });
    if (commands.length > MAX_FOPS_PER_JOB) {
      throw new ActionFailure("too_many", "processing.fopErrors.tooMany", { expected: MAX_FOPS_PER_JOB }, { fops: "processing.fopErrors.tooMany" });
    }
    for (const [i, cmd] of commands.entries()) {
      const parsed = parseFopCommand(cmd);
      if (!parsed.ok) {
        const reason = fopErrorMessage(parsed.error);
        throw new ActionFailure(
          "invalid_fop",
          "processing.errors.invalidFop",
          { line: i + 1, reason: ctx.t(reason.key, reason.vars) },
          { fops: "processing.errors.invalidFop" },
        );
      }
    }
    const { persistentId } = await submitJob(
      { db: getDb(), client: getQiniu() },
      {
        bucket: input.bucket,
        key: input.key,
        commands,
        pipeline: input.pipeline || undefined,
        force: input.force,
        notifyUrl: uploadSettings().persistentNotifyUrl,
      },
      ctx.user,
    );
    return { persistentId, commands };
  },
  audit: (input, data) => ({
    bucket: input.bucket,
    target: input.key,
    params: { persistentId: data?.persistentId, fops: commandsOf(input), pipeline: input.pipeline || null, force: input.force },
  }),
});
