/**
 * The HTTP vote path of the app in a process a test can SIGKILL: the real tRPC router behind the
 * fetch adapter, sessions read from the next-auth cookie exactly as server/trpc/http-context.ts does,
 * on PostgreSQL (DATABASE_URL) or the embedded PGlite folder (XIETONG_TEST_DATA_DIR). Prints
 * `READY <port>` once listening.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { openDatabase } from "@/db/client";
import { sessionUserFromCookies } from "@/server/infra/auth/session";
import { createRecordingPublisher } from "@/server/infra/realtime/publisher";
import { createContextInner } from "../trpc/init";
import { appRouter } from "../trpc/root";

const secret = process.env.XIETONG_TEST_AUTH_SECRET;
if (!secret) throw new Error("vote-node needs XIETONG_TEST_AUTH_SECRET");
const database = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.XIETONG_TEST_DATA_DIR,
  poolSize: 8,
});
const publisher = createRecordingPublisher();

const http = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", async () => {
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
    });
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: request,
      router: appRouter,
      createContext: async () => {
        const user = await sessionUserFromCookies(database.db, req.headers.cookie, secret);
        return createContextInner({ db: database.db, publisher, now: () => new Date(), inviteTtlHours: 72 }, user);
      },
    });
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
});

process.on("SIGTERM", () => {
  http.close();
  void database.close().then(() => process.exit(0));
});
http.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${(http.address() as AddressInfo).port}\n`));
