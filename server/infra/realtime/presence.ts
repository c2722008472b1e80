import type { XietongServer } from "./socket-server";

/** Streams whose pages show "N viewing now". */
export function tracksPresence(stream: string): boolean {
  return /^(forum|topic|project|ballot):/.test(stream);
}

/**
 * Counts the people in a room (a person with three tabs counts once) and tells the room, at most
 * once per interval however many joins and leaves happen, and only when the count changed; a socket
 * that joined since the last count is told it even when it did not change.
 *
 * In one process the count comes from this process's own record of who joined which room (kept
 * from the adapter's join and leave notices), so a connect costs no `fetchSockets` round. With the
 * Redis adapter (`clusterWide`) the others' sockets count too, so it asks every process with
 * `fetchSockets`, once per interval per room.
 */
export function createPresence(io: XietongServer, intervalMs = 500, options: { clusterWide?: boolean } = {}) {
  const pending = new Map<string, NodeJS.Timeout>();
  /** room → socket id → person (`u<account>` or `s<socket>` when signed out), for this process's sockets. */
  const members = new Map<string, Map<string, string>>();
  const lastSent = new Map<string, number>();
  /** Sockets that joined a room since its last count: they have not been told any count yet. */
  const fresh = new Map<string, Set<string>>();

  const adapter = io.of("/").adapter;
  adapter.on("join-room", (room: string, id: string) => {
    if (!tracksPresence(room)) return;
    const user = io.of("/").sockets.get(id)?.data.user;
    let people = members.get(room);
    if (!people) members.set(room, (people = new Map<string, string>()));
    people.set(id, user ? `u${user.id}` : `s${id}`);
    let joined = fresh.get(room);
    if (!joined) fresh.set(room, (joined = new Set<string>()));
    joined.add(id);
    touch(room);
  });
  adapter.on("leave-room", (room: string, id: string) => {
    const people = members.get(room);
    if (!people?.delete(id)) return;
    if (people.size === 0) members.delete(room);
    fresh.get(room)?.delete(id);
    touch(room);
  });

  async function count(room: string): Promise<number> {
    if (!options.clusterWide) return new Set(members.get(room)?.values()).size;
    const sockets = await io.in(room).fetchSockets();
    return new Set(sockets.map((s) => (s.data.user ? `u${s.data.user.id}` : `s${s.id}`))).size;
  }

  async function publish(room: string) {
    pending.delete(room);
    const joined = fresh.get(room);
    fresh.delete(room);
    try {
      const viewers = await count(room);
      const message = { stream: room, viewers };
      // Across processes another may have told the room a newer count since, so every count is sent.
      if (options.clusterWide || lastSent.get(room) !== viewers) io.to(room).emit("presence:updated", message);
      else if (joined && joined.size > 0) io.to([...joined]).emit("presence:updated", message);
      if (viewers === 0) lastSent.delete(room);
      else lastSent.set(room, viewers);
    } catch {
      // A peer process that does not answer in time only delays the count until the next change.
      lastSent.delete(room);
    }
  }

  function touch(room: string) {
    if (!tracksPresence(room) || pending.has(room)) return;
    pending.set(
      room,
      setTimeout(() => void publish(room), intervalMs),
    );
  }

  return {
    /** Asks for a recount (joins and leaves of this process's sockets ask by themselves). */
    touch,
    close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
