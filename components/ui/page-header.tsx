import type { ReactNode } from "react";

/** A page's one h1, its introduction and its page-wide actions; sections below start at h2. */
export function PageHeader({ title, intro, actions, testId }: { title: ReactNode; intro?: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-3" data-testid={testId}>
      <div className="min-w-0">
        <h1 className="text-xl font-semibold break-words">{title}</h1>
        {intro && <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{intro}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </header>
  );
}
