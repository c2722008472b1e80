import type { LiveEvent } from "./events";

/** Sends committed events to their stream's room. Called only after the transaction commits. */
export interface Publisher {
  publish(events: readonly LiveEvent[]): void;
}

export interface RoomEmitter {
  to(room: string): { emit(event: "stream:event", payload: LiveEvent): unknown };
}

export function createSocketPublisher(io: RoomEmitter, onPublished?: (count: number) => void): Publisher {
  return {
    publish(events) {
      for (const event of events) io.to(event.stream).emit("stream:event", event);
      if (events.length > 0) onPublished?.(events.length);
    },
  };
}

/** For tests and scripts: keeps what would have been broadcast. */
export function createRecordingPublisher(): Publisher & { published: LiveEvent[] } {
  const published: LiveEvent[] = [];
  return {
    published,
    publish(events) {
      published.push(...events);
    },
  };
}
