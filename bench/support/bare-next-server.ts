import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { securityHeaders } from "@/server/domain/http-security";

/**
 * The bare App Router app in bench/fixtures/bare-next, served the way server/app.ts serves Xietong's
 * pages (a custom Node server, a fresh CSP nonce put on the request for Next to read): the baseline
 * bench/comments.ts compares page CPU against. `tsx bench/support/bare-next-server.ts <port>`.
 */
const port = Number(process.argv[2]);
const app = next({
  dev: false,
  dir: path.resolve(import.meta.dirname, "../fixtures/bare-next"),
  hostname: "127.0.0.1",
  port,
});
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer((req, res) => {
  const nonce = randomBytes(16).toString("base64");
  const headers = securityHeaders({ nonce, production: true, development: false });
  req.headers["content-security-policy"] = headers["Content-Security-Policy"];
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  void handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => process.stdout.write(`bare next ready on ${port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
