export interface Poller {
  /** Resolves once the first pass is done. */
  ready: Promise<void>;
  /** Runs a pass now (after any running one); tests and shutdown use it. */
  check(): Promise<void>;
  stop(): void;
}

/** Runs `pass` now and every `intervalMs`, one pass at a time; a failing pass is logged and the next one tries again. */
export function startPoller(
  pass: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): Poller {
  let running: Promise<void> | null = null;
  let stopped = false;
  const check = () => {
    if (stopped) return Promise.resolve();
    const next = (running ?? Promise.resolve())
      .then(pass)
      .then(() => undefined)
      .catch(onError);
    running = next;
    return next;
  };
  const ready = check();
  const interval = setInterval(() => void check(), intervalMs);
  interval.unref();
  return {
    ready,
    check,
    stop() {
      stopped = true;
      clearInterval(interval);
    },
  };
}
