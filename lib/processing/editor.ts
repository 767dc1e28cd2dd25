// Live checking of the free-form fop editor: one command per line (a line may also hold several, ';'-separated).
import { parseFopCommand, type FopCommand, type FopSyntaxError } from "@/lib/processing/fop-syntax";

export type FopLineCheck =
  { line: number; cmd: string; ok: true; saveas?: FopCommand["saveas"] } | { line: number; cmd: string; ok: false; error: FopSyntaxError };

export function checkFopLines(text: string): FopLineCheck[] {
  const checks: FopLineCheck[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    for (const part of raw.split(";")) {
      const cmd = part.trim();
      if (!cmd) continue;
      const parsed = parseFopCommand(cmd);
      checks.push(parsed.ok ? { line: i + 1, cmd, ok: true, saveas: parsed.value.saveas } : { line: i + 1, cmd, ok: false, error: parsed.error });
    }
  });
  return checks;
}
