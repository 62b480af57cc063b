import 'server-only';

/** A loop started by `everyInterval`. */
export interface Rounds {
  /** Stops the loop, waiting for a round in progress to finish. */
  stop(): Promise<void>;
}

/**
 * The server's background loops (xAPI statements, email, LMS grades): a round after
 * `firstRoundAfterMs`, then `intervalMs` after each round ends, on a timer that does not keep the
 * process alive. A round is told whether the loop has been stopped, so a long one can end early;
 * it handles its own errors.
 */
export function everyInterval(
  round: (stopped: () => boolean) => Promise<void>,
  { intervalMs, firstRoundAfterMs = 5_000 }: { intervalMs: number; firstRoundAfterMs?: number },
): Rounds {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round(() => stopped).finally(() => {
        running = null;
        schedule(intervalMs);
      });
    }, delay);
    timer.unref();
  };
  schedule(firstRoundAfterMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
