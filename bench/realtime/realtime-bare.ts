import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/infra/realtime/events";
import { parseCommand, sendToParent } from "./realtime-ipc";
import "./realtime-probe";
import { asStreamKey } from "@/server/domain/stream-access";

/**
 * The baseline for bench/realtime.ts: a plain socket.io server with no app, no auth and no database.
 * Every client joins the room on connect; the subscribe handshake is answered only so that the client
 * code is the same as against the app. On each `emit` command it broadcasts one event shaped and sized
 * like the app's `comment:added`, stamped with `sentAt` the way server/infra/realtime/io.ts does.
 */

/** BENCH_PAYLOAD_BYTES: pad each payload to about this many bytes (bench/cycle/meeting.ts sizes it like its events). */
const padBytes = Number(process.env.BENCH_PAYLOAD_BYTES ?? 0);
const pad = padBytes > 0 ? { pad: "x".repeat(padBytes) } : {};
const stream = process.env.BENCH_STREAM ? asStreamKey(process.env.BENCH_STREAM) : null;
if (!stream || !process.send)
  throw new Error("realtime-bare runs as a child of bench/realtime.ts with BENCH_STREAM set");

const http = createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, { path: "/socket.io", serveClient: false });
let seq = 0;

io.on("connection", (socket) => {
  void socket.join(stream);
  socket.on("stream:subscribe", (_input, ack) => {
    if (typeof ack === "function") ack({ ok: true, headSeq: seq, replay: [], resync: false });
  });
});

process.on("message", (message: unknown) => {
  const command = parseCommand(message);
  if (command?.type !== "emit") return;
  seq += 1;
  const sentAt = Date.now();
  io.to(stream).emit("stream:event", {
    stream,
    seq,
    type: "comment:added",
    payload: { commentId: command.key, parentId: null, ...pad },
    at: new Date(sentAt).toISOString(),
    sentAt,
  });
  sendToParent({ id: command.id, type: "emitted", sentAt });
});

http.listen(0, "127.0.0.1", () => sendToParent({ type: "ready", port: (http.address() as AddressInfo).port }));
