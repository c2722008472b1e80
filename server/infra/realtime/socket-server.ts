import type { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from "./events";

/** The typed socket.io server, apart from io.ts so the parts io.ts builds can name it without a cycle. */
export type XietongServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
