import type { ReactNode } from "react";

/** What a list or panel shows when it has nothing: a dashed box with one sentence and, optionally, what to do. */
export function EmptyState({ children, action, testId }: { children: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div
      className="rounded-lg border border-dashed border-slate-400 p-6 text-center text-sm text-slate-600 dark:border-slate-600 dark:text-slate-300"
      data-testid={testId}
    >
      <p>{children}</p>
      {action && <div className="mt-3">{action}</div>}
    </div>
  );
}
