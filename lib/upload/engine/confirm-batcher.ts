// Without callback, finished uploads are reported to the server (which checks them with Qiniu) in batches:
// up to 100 at once, or whatever finished within 300 ms.
import type { QueueItem } from "./item";
import type { UploadConfirmer } from "./types";

const BATCH = 100;
const WAIT_MS = 300;

export class ConfirmBatcher {
  private pending: QueueItem[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly confirm: UploadConfirmer | undefined,
    private readonly changed: () => void,
  ) {}

  add(item: QueueItem): void {
    this.pending.push(item);
    if (this.pending.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), WAIT_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async flush(): Promise<void> {
    this.dispose();
    const batch = this.pending.splice(0);
    if (batch.length === 0 || !this.confirm) return;
    const keyOf = (i: QueueItem) => i.result?.key || i.key || "";
    try {
      const answers = await this.confirm(
        batch.map((i) => ({
          bucket: i.target.bucket,
          key: keyOf(i),
          hash: i.result?.hash ?? "",
          relativePath: i.relativePath,
          ...(i.result?.persistentId ? { persistentId: i.result.persistentId } : {}),
        })),
      );
      for (const i of batch) {
        const a = answers.find((x) => x.key === keyOf(i));
        i.recording = a?.ok ? { state: "confirmed" } : { state: "failed", message: a?.message ?? "no answer" };
        i.touch();
      }
    } catch (err) {
      for (const i of batch) {
        i.recording = { state: "failed", message: err instanceof Error ? err.message : String(err) };
        i.touch();
      }
    }
    this.changed();
  }
}
