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
  reactStrictMode: true,
  // forbidden() in pages: a signed-in person without the role gets HTTP 403, not a 200 page saying no.
  experimental: { authInterrupts: true },
};

export default withNextIntl(nextConfig);
