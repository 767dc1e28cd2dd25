// The operation form's fields and how they become a BatchOperation (validated by the same schema as the server).
import { batchOperationSchema, type BatchOperation, type BatchOpName, type KeyPattern } from "@/lib/batch/spec";

export interface OpForm {
  op: BatchOpName;
  targetBucket: string;
  pattern: KeyPattern["kind"];
  from: string;
  to: string;
  find: string;
  replace: string;
  suffix: string;
  beforeExtension: boolean;
  overwrite: boolean;
  mime: string;
  type: number;
  days: number;
  freezeAfterDays: number;
}

export const initialOpForm: OpForm = {
  op: "move",
  targetBucket: "",
  pattern: "prefix",
  from: "",
  to: "",
  find: "",
  replace: "",
  suffix: "",
  beforeExtension: true,
  overwrite: false,
  mime: "",
  type: 1,
  days: 30,
  freezeAfterDays: 1,
};

export function patternOf(form: OpForm): KeyPattern {
  switch (form.pattern) {
    case "same":
      return { kind: "same" };
    case "prefix":
      return { kind: "prefix", from: form.from, to: form.to };
    case "replace":
      return { kind: "replace", find: form.find, replace: form.replace };
    case "suffix":
      return { kind: "suffix", suffix: form.suffix, beforeExtension: form.beforeExtension };
    case "explicit":
      return { kind: "explicit" };
  }
}

/** The operation the form describes, or undefined while it is incomplete or invalid. */
export function operationOf(form: OpForm, sourceBucket: string): BatchOperation | undefined {
  const candidate = (() => {
    switch (form.op) {
      case "copy":
      case "move":
        return { op: form.op, targetBucket: form.targetBucket || sourceBucket, pattern: patternOf(form), overwrite: form.overwrite };
      case "rename":
        return { op: "rename", pattern: patternOf(form), overwrite: form.overwrite };
      case "chgm":
        return { op: "chgm", mime: form.mime.trim() };
      case "chtype":
        return { op: "chtype", type: form.type };
      case "deleteAfterDays":
        return { op: "deleteAfterDays", days: form.days };
      case "restoreAr":
        return { op: "restoreAr", freezeAfterDays: form.freezeAfterDays };
      default:
        return { op: form.op };
    }
  })();
  const parsed = batchOperationSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}
