import type { StreamKey } from "@/server/domain/stream-access";
import type { LiveEvent, SubscribeAck, SubscribeInput } from "@/server/infra/realtime/events";

export interface StreamHandlers {
  /** Each committed event, once, in seq order. */
  onEvent: (event: LiveEvent) => void;
  /**
   * The client missed more than can be replayed (or just (re)subscribed): refetch the page's data.
   * A refetch that reads the stream's head with its data (readAtStreamHead on the server) resolves
   * to that head, and the stream resumes from it; otherwise from the head the subscription saw.
   */
  onResync: () => void | Promise<number | undefined>;
}

export interface StreamFollower {
  /** The socket (re)connected: subscribe, asking for what came after the last seq applied. */
  connected(): void;
  /** The socket dropped: an answer still on its way belongs to the old connection. */
  disconnected(): void;
  /** A live event on any stream; others are ignored. */
  received(event: LiveEvent): void;
  readonly lastSeq: number | undefined;
}

/**
 * The client half of catch-up, without React so tests and the benchmark run the same code: remembers
 * the last seq applied, drops duplicates, fills gaps by resubscribing, and buffers live events while
 * a backlog or a refetch is on its way.
 */
export function createStreamFollower(
  stream: StreamKey,
  subscribe: (input: SubscribeInput, ack: (result: SubscribeAck) => void) => void,
  handlers: () => StreamHandlers,
  /**
   * The head the page's data was read at (a read through readAtStreamHead): the first subscription
   * asks for what came after it and replays that, instead of refetching what the page just read.
   */
  startSeq?: number,
): StreamFollower {
  let lastSeq: number | undefined = startSeq;
  let buffered: LiveEvent[] | null = null;
  // Bumped on each disconnect, so an answer or refetch from an earlier connection is ignored.
  let generation = 0;

  const apply = (event: LiveEvent) => {
    if (lastSeq !== undefined && event.seq <= lastSeq) return;
    if (lastSeq !== undefined && event.seq > lastSeq + 1) {
      ask();
      return;
    }
    lastSeq = event.seq;
    handlers().onEvent(event);
  };

  const drain = () => {
    const waiting = buffered ?? [];
    buffered = null;
    for (const event of waiting.sort((a, b) => a.seq - b.seq)) apply(event);
  };

  function ask() {
    if (buffered) return;
    buffered = [];
    const asked = generation;
    subscribe({ stream, afterSeq: lastSeq }, (ack) => {
      if (asked !== generation) return;
      if (!ack.ok) {
        buffered = null;
        return;
      }
      if (!ack.resync && lastSeq !== undefined) {
        for (const event of ack.replay) apply(event);
        drain();
        return;
      }
      // What the page loaded may predate the subscription; one refetch closes that window. Live
      // events keep buffering until it answers; then those after its head apply.
      const refetched = handlers().onResync();
      const resume = (head: number | undefined) => {
        if (asked !== generation) return;
        lastSeq = head ?? ack.headSeq;
        drain();
      };
      if (refetched instanceof Promise) refetched.then(resume, () => resume(undefined));
      else resume(undefined);
    });
  }

  return {
    connected: ask,
    disconnected() {
      buffered = null;
      generation += 1;
    },
    received(event) {
      if (event.stream !== stream) return;
      if (buffered) buffered.push(event);
      else apply(event);
    },
    get lastSeq() {
      return lastSeq;
    },
  };
}
