import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import boundaries from "./scripts/lint/import-boundaries.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      ".data/**",
      ".data-*/**",
      "test-results/**",
      "playwright-report/**",
      "bench/.tmp/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Layers import only downwards: lib/ ← server/ ← app/, the emulator on its own, client code through actions only
    // (scripts/lint/import-boundaries.mjs says which imports each layer may make).
    plugins: { local: boundaries },
    rules: { "local/import-boundaries": "error" },
  },
  {
    // No cycles in lib/ (test/unit/lib/import-cycles.test.ts checks the same with the compiler's resolution).
    files: ["lib/**/*.{ts,tsx}"],
    rules: { "import/no-cycle": "error" },
  },
];

export default config;
