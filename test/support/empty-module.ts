// Stands in for `server-only` under vitest, which has no React Server Components bundler to honour it.
export {};
