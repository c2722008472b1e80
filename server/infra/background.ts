/**
 * Work a use-case leaves running after it has answered (an opinion map recomputed once a burst of
 * votes has passed). Whoever owns the database stops it before closing that database: each owner of
 * such work registers how to stop it, dropping what has not started and resolving once what has is
 * done, so no background query meets a closed pool. Nothing new starts once stopping has begun.
 */
export interface BackgroundWork {
  readonly stopping: boolean;
  /** `stop` is called once, when the process stops (at once, and waited for by `stop()`, if it already has). */
  onStop(stop: () => Promise<void>): void;
  /** Stops every registered owner's work and resolves when all of it has ended; idempotent. */
  stop(): Promise<void>;
}

export function createBackgroundWork(): BackgroundWork {
  const stops: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | null = null;
  return {
    get stopping() {
      return stopped !== null;
    },
    onStop(stop) {
      if (stopped) stopped = stopped.then(stop);
      else stops.push(stop);
    },
    stop() {
      stopped ??= Promise.all(stops.splice(0).map((stop) => stop())).then(() => undefined);
      return stopped;
    },
  };
}
