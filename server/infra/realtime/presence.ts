import type { XietongServer } from "./socket-server";

/** Streams whose pages show "N viewing now". */
export function tracksPresence(stream: string): boolean {
  return /^(forum|topic|project|ballot):/.test(stream);
}

/**
 * Counts the people in a room (a person with three tabs counts once) and tells the room, at most
 * once per interval however many joins and leaves happen. fetchSockets asks every process when the
 * Redis adapter is in use, so the count is cluster-wide.
 */
export function createPresence(io: XietongServer, intervalMs = 500) {
  const pending = new Map<string, NodeJS.Timeout>();

  async function publish(room: string) {
    pending.delete(room);
    try {
      const sockets = await io.in(room).fetchSockets();
      const people = new Set(sockets.map((s) => (s.data.user ? `u${s.data.user.id}` : `s${s.id}`)));
      io.to(room).emit("presence:updated", { stream: room, viewers: people.size });
    } catch {
      // A peer process that does not answer in time only delays the count until the next change.
    }
  }

  return {
    touch(room: string) {
      if (!tracksPresence(room) || pending.has(room)) return;
      pending.set(
        room,
        setTimeout(() => void publish(room), intervalMs),
      );
    },
    close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
