import type { ChildProcess } from "node:child_process";
import { z } from "zod";

/**
 * The messages between bench/realtime.ts and its child processes (client fleets, the bare socket.io
 * server, and the probe inside each app server). Requests carry an id that the reply echoes.
 */

export const clientSpec = z.object({
  url: z.string(),
  /** The stream it follows. */
  stream: z.string(),
  /** A `name=value` session cookie for a signed-in client; anonymous without one. */
  cookie: z.string().optional(),
  /** Which server the client is on ("A", "B"); latencies are reported per group. */
  group: z.string(),
});
export type ClientSpec = z.infer<typeof clientSpec>;

export const producedEvent = z.object({
  stream: z.string(),
  /** The comment id in the event's payload (the bare server uses its own counter). */
  key: z.number(),
  /** When the producer started the mutation (ms epoch). */
  startedAt: z.number(),
  /** Warm-up events are expected but not measured. */
  measured: z.boolean(),
});
export type ProducedEvent = z.infer<typeof producedEvent>;

export const command = z.discriminatedUnion("type", [
  z.object({ id: z.number(), type: z.literal("memory") }),
  z.object({ id: z.number(), type: z.literal("window-start") }),
  z.object({ id: z.number(), type: z.literal("window-end") }),
  z.object({
    id: z.number(),
    type: z.literal("connect"),
    clients: z.array(clientSpec),
    concurrency: z.number().int().positive(),
  }),
  z.object({ id: z.number(), type: z.literal("report"), events: z.array(producedEvent) }),
  z.object({ id: z.number(), type: z.literal("emit"), key: z.number() }),
]);
export type Command = z.infer<typeof command>;
/** A command before the channel gives it an id. */
export type CommandBody = WithoutId<Command>;
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

const groupFigures = z.object({
  /** Receive time minus the server's sentAt, one per delivery of a measured event. */
  fanout: z.array(z.number()),
  /** The event of each fanout sample. */
  fanoutKeys: z.array(z.number()),
  /** Receive time minus the producer's start, one per delivery of a measured event. */
  endToEnd: z.array(z.number()),
  clients: z.number(),
  missed: z.number(),
  duplicates: z.number(),
  /** Deliveries of events the benchmark did not produce. */
  unexpected: z.number(),
  /** Clients that lost their connection before the report. */
  disconnects: z.number(),
});
export type GroupFigures = z.infer<typeof groupFigures>;

const windowFigures = z.object({
  wallMs: z.number(),
  cpuMs: z.number(),
  lagP50Ms: z.number(),
  lagP99Ms: z.number(),
  lagMaxMs: z.number(),
  gcCount: z.number(),
  gcMs: z.number(),
  gcMaxMs: z.number(),
});
export type WindowFigures = z.infer<typeof windowFigures>;

export const reply = z.discriminatedUnion("type", [
  z.object({
    id: z.number(),
    type: z.literal("memory"),
    rss: z.number(),
    heapUsed: z.number(),
    heapTotal: z.number(),
    external: z.number(),
    gc: z.boolean(),
  }),
  z.object({ id: z.number(), type: z.literal("window"), figures: windowFigures }),
  z.object({
    id: z.number(),
    type: z.literal("connected"),
    connected: z.number(),
    failed: z.number(),
    errors: z.array(z.string()),
  }),
  z.object({
    id: z.number(),
    type: z.literal("report"),
    groups: z.record(z.string(), groupFigures),
    disconnectReasons: z.array(z.string()),
  }),
  z.object({ id: z.number(), type: z.literal("emitted"), sentAt: z.number() }),
  z.object({ id: z.number(), type: z.literal("failed"), message: z.string() }),
]);
export type Reply = z.infer<typeof reply>;

/** Unsolicited messages from a child. */
export const notice = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), connected: z.number(), failed: z.number(), total: z.number() }),
  z.object({ type: z.literal("ready"), port: z.number() }),
]);
export type Notice = z.infer<typeof notice>;

/** Parses what a child received; anything else (another module's message) is ignored. */
export function parseCommand(message: unknown): Command | null {
  const parsed = command.safeParse(message);
  return parsed.success ? parsed.data : null;
}

export function sendToParent(message: Reply | Notice): void {
  process.send?.(message);
}

/** The parent's side of one child: numbered requests with time-outs, and notices to a listener. */
export class Channel {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (reply: Reply) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  private readonly listeners: ((notice: Notice) => void)[] = [];

  constructor(
    readonly child: ChildProcess,
    readonly label: string,
  ) {
    child.on("message", (message: unknown) => {
      const asReply = reply.safeParse(message);
      if (asReply.success) {
        const waiting = this.pending.get(asReply.data.id);
        if (!waiting) return;
        this.pending.delete(asReply.data.id);
        clearTimeout(waiting.timer);
        if (asReply.data.type === "failed") waiting.reject(new Error(`${label}: ${asReply.data.message}`));
        else waiting.resolve(asReply.data);
        return;
      }
      const asNotice = notice.safeParse(message);
      if (asNotice.success) for (const listener of this.listeners) listener(asNotice.data);
    });
    child.once("exit", (code, signal) => {
      for (const [id, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`${label} exited (${signal ?? code}) before answering request ${id}`));
      }
      this.pending.clear();
    });
  }

  /** Returns a function that removes the listener. */
  onNotice(listener: (notice: Notice) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  request<T extends Reply["type"]>(
    body: CommandBody,
    expect: T,
    timeoutMs: number,
  ): Promise<Extract<Reply, { type: T }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label} did not answer ${body.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (answer) =>
          answer.type === expect
            ? resolve(answer as Extract<Reply, { type: T }>)
            : reject(new Error(`${this.label} answered ${body.type} with ${answer.type}`)),
        reject,
        timer,
      });
      if (!this.child.connected) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new Error(`${this.label} is not running`));
        return;
      }
      this.child.send({ ...body, id });
    });
  }
}
