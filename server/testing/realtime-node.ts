import { streamVisibleTo } from "@/server/features/access";
/**
 * One realtime process for the multi-process test: socket.io on the shared Redis adapter, plus a
 * test-only HTTP hook that commits (or rolls back) a transaction emitting one event. Prints its
 * port as `READY <port>` once listening.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { openDatabase } from "@/db/client";
import { createRealtime } from "@/server/infra/realtime/io";
import { transact } from "@/server/infra/transact";
import { asStreamKey } from "../domain/stream-access";

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl || !redisUrl) throw new Error("realtime-node needs DATABASE_URL and REDIS_URL");

const database = await openDatabase({ url: databaseUrl, poolSize: 4 });
const http = createServer();
const realtime = await createRealtime(http, {
  db: database.db,
  visibleTo: (viewer, stream) => streamVisibleTo(database.db, viewer, stream),
  authSecret: "cluster-test-secret-0123456789-0123456789",
  logger: pino({ level: "silent" }),
  redisUrl,
  redisPrefix: process.env.REDIS_PREFIX,
});

http.on("request", (req, res) => {
  if (req.method !== "POST" || req.url !== "/emit") return;
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", async () => {
    // Any contract event will do: the cluster tests count and order them, whatever their type.
    const { stream, fail } = JSON.parse(body) as { stream: string; fail?: boolean };
    try {
      await transact({ db: database.db, publisher: realtime.publisher }, async (_tx, emit) => {
        await emit(asStreamKey(stream), "thread:activity", { threadId: process.pid, type: "comment:added" });
        if (fail) throw new Error("rolled back on purpose");
      });
      res.writeHead(200).end("committed");
    } catch {
      res.writeHead(409).end("rolled back");
    }
  });
});

http.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${(http.address() as AddressInfo).port}\n`));
