import type { Logger } from "pino";
import { canSubscribe, parseStream, type Stream } from "@/server/domain/stream-access";
import type { SocketData } from "./events";
import type { XietongServer } from "./socket-server";

/** Events after which some followers of their stream may no longer see its object. */
const narrowingEvents = new Set([
  "project:hidden",
  "project:status-changed",
  "topic:hidden",
  "topic:moved",
  "coauthor:responded",
  // A forum whose page is made private again narrows who may follow it.
  "meeting:changed",
]);

export interface StreamAccessChecks {
  /** Drops this room's followers who may no longer see its object; resolves to how many left. */
  recheckRoom(room: string): Promise<number>;
  /** The same for every object room of this process (the backstop for changes that send no event here). */
  sweep(): Promise<number>;
  /** Called for each delivered event: rechecks its room when the event can narrow who sees it. */
  afterDelivery(event: { stream: string; type: string }): void;
  /** Whether a viewer may subscribe, the verdict shared briefly between subscribers (createVisibilityVerdicts). */
  subscribable(user: SocketData["user"], stream: Stream, room: string): Promise<boolean>;
  stop(): void;
}

/**
 * A subscription is checked when made; this keeps it honest afterwards, when the object is hidden, a
 * draft is withdrawn or a co-proposer declines. Rooms are per process, so each process checks its own.
 */
export function createStreamAccessChecks(
  io: XietongServer,
  options: {
    /** The objects' visibility rule (io.ts hands in the one subscriptions use). */
    visibleTo: (user: SocketData["user"], stream: Stream) => Promise<boolean>;
    logger: Logger;
    intervalMs?: number;
    /** How long subscribers share a visibility verdict (default 1 s); narrowing events end it at once. */
    verdictTtlMs?: number;
  },
): StreamAccessChecks {
  const shared = createVisibilityVerdicts(options.visibleTo, options.verdictTtlMs);
  async function recheckRoom(room: string): Promise<number> {
    const stream = parseStream(room);
    if (!stream || !("id" in stream)) return 0;
    const members = io.sockets.adapter.rooms.get(room);
    if (!members) return 0;
    // Followers signed in as the same person (or all signed-out ones) get one answer per check.
    const verdicts = new Map<string, Promise<boolean>>();
    let removed = 0;
    for (const socketId of [...members]) {
      const socket = io.sockets.sockets.get(socketId);
      if (!socket) continue;
      const user = socket.data.user;
      const key = user ? `${user.id}:${user.role}:${user.regionId}` : "anonymous";
      let verdict = verdicts.get(key);
      if (!verdict) {
        verdict = canSubscribe(user, stream) ? options.visibleTo(user, stream) : Promise.resolve(false);
        verdicts.set(key, verdict);
      }
      if (!(await verdict)) {
        await socket.leave(room);
        removed += 1;
      }
    }
    return removed;
  }

  async function sweep(): Promise<number> {
    let removed = 0;
    for (const room of [...io.sockets.adapter.rooms.keys()]) removed += await recheckRoom(room);
    return removed;
  }

  const report = (error: unknown) => options.logger.error({ err: error }, "stream access check failed");
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep()
      .catch(report)
      .finally(() => (running = false));
  }, options.intervalMs ?? 60_000);
  timer.unref();

  return {
    recheckRoom,
    sweep,
    afterDelivery(event) {
      if (!narrowingEvents.has(event.type)) return;
      shared.forget();
      void recheckRoom(event.stream).catch(report);
    },
    subscribable: (user, stream, room) => shared.visibleTo(user, stream, room),
    stop() {
      clearInterval(timer);
    },
  };
}

/**
 * Subscriptions' visibility verdicts, shared: followers who subscribe to one stream as the same person
 * (or signed out) within `ttlMs` get one read between them, so a crowd joining a discussion costs one
 * query rather than one each. Every verdict is dropped when any event that can narrow who sees
 * something is delivered (a hidden project also closes its ballots' streams), and a read under way at
 * that moment is not kept. Rechecks read past it.
 */
export function createVisibilityVerdicts(
  visibleTo: (user: SocketData["user"], stream: Stream) => Promise<boolean>,
  ttlMs = 1_000,
  now: () => number = Date.now,
) {
  const verdicts = new Map<string, { verdict: Promise<boolean>; at: number }>();
  let generation = 0;
  const viewerKey = (user: SocketData["user"]) => (user ? `${user.id}:${user.role}:${user.regionId}` : "anonymous");
  return {
    visibleTo(user: SocketData["user"], stream: Stream, room: string): Promise<boolean> {
      const key = `${room}\u0000${viewerKey(user)}`;
      const known = verdicts.get(key);
      if (known && now() - known.at < ttlMs) return known.verdict;
      if (verdicts.size >= 10_000) verdicts.clear();
      const started = generation;
      const verdict = visibleTo(user, stream);
      const entry = { verdict, at: now() };
      verdicts.set(key, entry);
      const drop = () => {
        if (verdicts.get(key) === entry) verdicts.delete(key);
      };
      // Narrowed while reading: this answer may predate the change, so nobody else is given it.
      verdict.then(() => generation !== started && drop(), drop);
      return verdict;
    },
    forget() {
      generation += 1;
      verdicts.clear();
    },
  };
}
