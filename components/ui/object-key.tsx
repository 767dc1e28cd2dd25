import { keySegments } from "@/lib/batch/visible-key";

/** An object key as text, its invisible characters shown as marked escapes (lib/batch/visible-key.ts). */
export function ObjectKey({ value }: { value: string }) {
  return (
    <>
      {keySegments(value).map((s, i) =>
        s.escaped ? (
          <span key={i} data-testid="key-escape" className="rounded bg-amber-100 px-0.5 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </>
  );
}
