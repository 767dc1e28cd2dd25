"use client";

// Last-resort boundary (the root layout itself failed): plain HTML, both languages, no details.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="zh-CN">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: 32 }}>
        <main>
          <h1>出错了 · Something went wrong</h1>
          {error.digest && <p style={{ fontFamily: "monospace" }}>ref: {error.digest}</p>}
          <button type="button" onClick={reset}>
            重试 · Try again
          </button>
        </main>
      </body>
    </html>
  );
}
