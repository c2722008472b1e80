import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["server/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "i18n/**/*.test.ts", "scripts/**/*.test.ts"],
    // The multi-process Redis test needs a Redis server; CI provides one, a bare clone may not.
    exclude: process.env.REDIS_URL ? ["**/node_modules/**"] : ["**/node_modules/**", "**/*redis.int.test.ts"],
    environment: "node",
    // Database tests each make their own database; running files one at a time keeps 2 cores responsive.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { XIETONG_SCRYPT_COST: "fast" },
  },
});
