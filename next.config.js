import { createRequire } from "node:module";
import path from "node:path";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm and must be loaded from node_modules, never bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pino",
    "ioredis",
    "@socket.io/redis-adapter",
    "socket.io",
    // pdfkit reads its font metrics and the CJK font from disk at run time: not bundled.
    "pdfkit",
    "@embedpdf/fonts-sc",
  ],
  poweredByHeader: false,
  // CI type-checks the whole tree with \`tsc --noEmit\` in its lint gate just before it builds
  // (.ci/run), so it skips the build's second pass over the same files; every other build keeps it.
  typescript: { ignoreBuildErrors: process.env.XIETONG_TYPECHECKED === "1" },
  reactStrictMode: true,
  // forbidden() in pages: a signed-in person without the role gets HTTP 403, not a 200 page saying no.
  experimental: { authInterrupts: true },
  // The catalogues are compiled at build time (i18n/precompile-loader.mjs), so every page ships
  // next-intl's ~1 kB formatter for compiled messages instead of the ICU parser (~12 kB gz). Both
  // halves are Turbopack's alone: a webpack build keeps plain messages and the full formatter.
  turbopack: {
    rules: {
      "*.json": {
        condition: { path: "./messages/**/*" },
        loaders: [{ loader: "./i18n/precompile-loader.mjs", options: {} }],
        as: "*.js",
      },
    },
    resolveAlias: {
      // Turbopack wants a relative path here, and the file itself: it does not follow the subpath export.
      "use-intl/format-message": `./${path.relative(
        process.cwd(),
        createRequire(import.meta.url).resolve("use-intl/format-message/format-only"),
      )}`,
    },
  },
};

export default withNextIntl(nextConfig);
