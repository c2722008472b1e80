import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: [
      "server/**/*.test.ts",
      "db/**/*.test.ts",
      "app/**/*.test.ts",
      "i18n/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    // *.redis.int.test.ts need a Redis server; *.cluster.int.test.ts need Redis and PostgreSQL (several
    // processes cannot share PGlite). CI provides both; a bare clone runs the rest.
    exclude: [
      "**/node_modules/**",
      ...(process.env.REDIS_URL ? [] : ["**/*.redis.int.test.ts"]),
      ...(process.env.REDIS_URL && process.env.DATABASE_URL ? [] : ["**/*.cluster.int.test.ts"]),
    ],
    environment: "node",
    // One migrated and one seeded database per run, copied by each test file (see the file).
    globalSetup: ["server/testing/database-templates.ts"],
    // On PostgreSQL, a query sent to a busy pg client fails its test (see the file).
    setupFiles: ["server/testing/pg-query-guard.ts"],
    // Database tests each make their own database; running files one at a time keeps 2 cores responsive.
    fileParallelism: false,
    // One process runs every file in turn, keeping imported modules between files: a fresh module graph
    // per file spent a third of each pass importing the same code again (import 416 s of 2,386 s in a
    // loaded CI run). Test files share no state through modules: each opens its own database.
    isolate: false,
    // Memory tests (socket-limits) collect garbage before their baseline: in a shared process the files
    // before them leave garbage that would otherwise count as their growth.
    execArgv: ["--expose-gc"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { XIETONG_SCRYPT_COST: "fast" },
  },
});
