"use client";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents } from "@/server/infra/realtime/events";
import { createStreamFollower, type StreamHandlers } from "./stream-follower";
import type { StreamKey } from "@/server/domain/stream-access";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = "connecting" | "live" | "offline";

const RealtimeContext = createContext<{ socket: ClientSocket | null; state: ConnectionState }>({
  socket: null,
  state: "connecting",
});

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [socket, setSocket] = useState<ClientSocket | null>(null);
  const [state, setState] = useState<ConnectionState>("connecting");
  useEffect(() => {
    let stop: (() => void) | null = null;
    let unmounted = false;
    // socket.io's client loads after the page, so it is in no page's first-load JavaScript.
    void import("socket.io-client").then(({ io }) => {
      if (unmounted) return;
      const client: ClientSocket = io({
        path: "/socket.io",
        withCredentials: true,
        transports: ["websocket", "polling"],
      });
      stop = follow(client, setState);
      setSocket(client);
    });
    return () => {
      unmounted = true;
      stop?.();
    };
  }, []);
  return <RealtimeContext.Provider value={{ socket, state }}>{children}</RealtimeContext.Provider>;
}

/** Tracks the connection's state and ended sessions; answers how to stop. */
function follow(client: ClientSocket, setState: (state: ConnectionState) => void): () => void {
  client.on("connect", () => setState("live"));
  client.on("disconnect", () => setState("offline"));
  // Staff who must enrol in two-factor are sent to enrol; any other ended session to sign in again.
  const sessionEnded = (reason: string) => {
    if (reason !== "two-factor-enrolment-required") window.location.assign("/sign-in?ended=1");
    else if (window.location.pathname !== "/me") window.location.assign("/me");
  };
  client.on("connect_error", (error) => {
    setState("offline");
    if (error.message === "two-factor-enrolment-required") sessionEnded(error.message);
  });
  client.on("session:ended", ({ reason }) => sessionEnded(reason));
  // A dropped network may leave the socket looking open until the ping times out (~45 s); the
  // browser knows sooner, so follow it and catch up as soon as the network is back.
  const goOffline = () => {
    client.disconnect();
    setState("offline");
  };
  const goOnline = () => {
    if (!client.connected) client.connect();
  };
  window.addEventListener("offline", goOffline);
  window.addEventListener("online", goOnline);
  return () => {
    window.removeEventListener("offline", goOffline);
    window.removeEventListener("online", goOnline);
    client.close();
  };
}

export function useConnectionState(): ConnectionState {
  return useContext(RealtimeContext).state;
}

export type { StreamHandlers } from "./stream-follower";

/**
 * How many followers each socket has on each stream: several parts of a page may follow one stream (the
 * notification bell and a page on the reader's own `user:<id>`), and one leaving must not take the others' room.
 */
const followers = new WeakMap<ClientSocket, Map<string, number>>();

/**
 * Follows one stream (createStreamFollower): asks for what came after the last seq applied on every
 * (re)connect, drops duplicates and fills gaps, so nothing is lost and nothing is shown twice.
 */
export function useLiveStream(
  stream: StreamKey | null,
  handlers: StreamHandlers,
  options: { startSeq?: number } = {},
): void {
  const { socket } = useContext(RealtimeContext);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  // Read when the follower starts only: later refetches move the data's head, not the follower's.
  const startSeqRef = useRef(options.startSeq);
  startSeqRef.current = options.startSeq;

  useEffect(() => {
    if (!socket || !stream) return;
    const follower = createStreamFollower(
      stream,
      (input, ack) => socket.emit("stream:subscribe", input, ack),
      () => handlersRef.current,
      startSeqRef.current,
    );
    const onEvent = (event: LiveEvent) => follower.received(event);
    const onConnect = () => follower.connected();
    const onDisconnect = () => follower.disconnected();
    socket.on("stream:event", onEvent);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    if (socket.connected) follower.connected();
    const counts = followers.get(socket) ?? new Map<string, number>();
    followers.set(socket, counts);
    counts.set(stream, (counts.get(stream) ?? 0) + 1);
    return () => {
      socket.off("stream:event", onEvent);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      const left = (counts.get(stream) ?? 1) - 1;
      if (left > 0) counts.set(stream, left);
      else {
        counts.delete(stream);
        socket.emit("stream:unsubscribe", { stream });
      }
    };
  }, [socket, stream]);
}

/** How many people are viewing a stream now, as the server last counted; null until it says. */
export function usePresence(stream: string | null): number | null {
  const { socket } = useContext(RealtimeContext);
  const [viewers, setViewers] = useState<number | null>(null);
  useEffect(() => {
    if (!socket || !stream) return;
    const onPresence = (presence: { stream: string; viewers: number }) => {
      if (presence.stream === stream) setViewers(presence.viewers);
    };
    socket.on("presence:updated", onPresence);
    return () => {
      socket.off("presence:updated", onPresence);
    };
  }, [socket, stream]);
  return viewers;
}
