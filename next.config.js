// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR lets parallel builds (e.g. several engineers or test runs) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  // The build checks the app's own code; tests and benchmarks are type-checked by `npm run typecheck` (part of `npm test`).
  typescript: { tsconfigPath: "tsconfig.build.json" },
  poweredByHeader: false,
  // Native and server-side packages are loaded by Node at run time, never bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "better-sqlite3", "sharp", "pg", "busboy", "@ffmpeg-installer/ffmpeg"],
  experimental: {
    serverActions: { bodySizeLimit: "2mb" },
  },
};

module.exports = nextConfig;
