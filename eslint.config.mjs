// Lint with type information: the rules that catch real mistakes here are the ones that need types
// (floating promises, misused promises, unsafe any), so recommendedTypeChecked is the base.
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "db/migrations/**",
      "next-env.d.ts",
      "**/*.cjs",
      "**/*.mjs",
      "next.config.js",
      // Browser scripts served as they are (the service worker); tested in app/_features/offline.
      "public/**",
      // The bare Next app bench/comments.ts compares page CPU with: plain JS, built by the benchmark.
      "bench/fixtures/**",
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // tsc already reports unused locals (noUnusedLocals); "_"-prefixed parameters are deliberate.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Event handlers and effects pass async functions where React expects void; a rejected promise there
      // still reaches the error boundary or the mutation's onError, so only the argument case is noise.
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false, arguments: false } },
      ],
      // Template literals with numbers and booleans are the normal way to build keys and labels here.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      // React Compiler rules: the app does not use the compiler, and they flag deliberate patterns here
      // (document.cookie writes, the latest-handlers ref, a socket created in an effect).
      "react-hooks/immutability": "off",
      "react-hooks/refs": "off",
      "react-hooks/set-state-in-effect": "off",
      // next-intl's getFormatter builds Intl's formatters afresh for every request; ours keeps them.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "next-intl/server",
              importNames: ["getFormatter"],
              message: "Use getFormatter from @/app/lib/server-formatter (Intl formatters kept for the process).",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks drive code from outside: expect.any() matchers and parsed responses are typed
    // any, fakes implement async interfaces synchronously, and rejections are re-raised as they came.
    files: ["**/*.test.{ts,tsx}", "e2e/**", "bench/**", "server/testing/**"],
    rules: {
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/prefer-promise-reject-errors": "off",
    },
  },
);
