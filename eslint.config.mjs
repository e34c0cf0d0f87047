// Lint rules of the house, run by .ci/run through `npm test` (scripts/checks). Warnings fail too.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import jsxA11y from "eslint-plugin-jsx-a11y";
import tseslint from "typescript-eslint";

export default defineConfig([
  // Next.js, React, react-hooks and the core web vitals rules.
  ...nextVitals,
  ...tseslint.configs.recommended,
  // jsx-a11y's recommended set (eslint-config-next registers the plugin but turns on only a few).
  { name: "jsx-a11y/recommended", files: ["**/*.tsx"], rules: jsxA11y.flatConfigs.recommended.rules },
  {
    name: "house",
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      // Scrollable regions (code samples, the terms, the frames around wide tables at 390 px) must be
      // reachable by keyboard (axe: scrollable-region-focusable; e2e/accessibility/every-page.spec.ts).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: ["pre", "div"], roles: ["region"] }],
      "import/no-duplicates": ["error", { "prefer-inline": true }],
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read settings through env() from lib/env.ts." },
      ],
    },
  },
  {
    // One client call path: components/api (callApi, useApi, the file downloads).
    name: "client-calls",
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    rules: { "no-restricted-globals": ["error", { name: "fetch", message: "Call routes with callApi/useApi from components/api." }] },
  },
  {
    // Tooling, tests and framework entry files read their own environment.
    name: "env-outside-the-app",
    files: [
      "scripts/**",
      "e2e/**",
      "prisma/**",
      "**/*.test.ts",
      "*.config.ts",
      "*.config.mjs",
      "vitest.global-setup.ts",
      "lib/test/**",
      "instrumentation.ts",
      "lib/env.ts",
    ],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Test helpers named use… (useTestDatabase) are not React hooks.
    name: "tests",
    files: ["**/*.test.ts", "**/*.spec.ts", "e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([
    ".next/**",
    "lib/generated/**",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
    "bench/tmp/**",
    "scripts/schema-engine/**",
  ]),
]);
