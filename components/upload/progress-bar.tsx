"use client";

/** An accessible progress bar (role=progressbar with the value in percent). */
export function ProgressBar({
  value,
  max,
  label,
  tone = "brand",
  testId,
}: {
  value: number;
  max: number;
  label: string;
  tone?: "brand" | "ok" | "bad" | "muted";
  testId?: string;
}) {
  const percent = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  const color = { brand: "bg-brand-500", ok: "bg-emerald-500", bad: "bg-red-500", muted: "bg-slate-400" }[tone];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.floor(percent)}
      data-testid={testId}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
    >
      <div className={`h-full ${color} transition-[width] duration-200`} style={{ width: `${percent}%` }} />
    </div>
  );
}
