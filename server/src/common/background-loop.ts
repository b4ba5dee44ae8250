/**
 * A background loop (relay, sweeper, saga recovery): runs `step` every `intervalMs`, never two at
 * once, logs and survives failures (a database restart must not stop the loop), stops cleanly.
 * `step` may return true to ask for an immediate next run (more work is waiting).
 *
 * A poke that arrives while a step runs is not lost: the step may already have read past the write
 * that poked, so one more step follows at once. Pokes during a step coalesce into that one step.
 */
import type { Logger } from './logger.ts';

export interface BackgroundLoop {
  /** Runs a step now (e.g. after a write), unless one is running. */
  poke(): void;
  stop(): Promise<void>;
}

export function startBackgroundLoop(
  name: string,
  intervalMs: number,
  step: () => Promise<boolean | undefined>,
  logger: Logger,
): BackgroundLoop {
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  /** A poke came while a step was running. */
  let pokedMeanwhile = false;

  const schedule = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, delay);
    timer.unref();
  };

  function run() {
    if (stopped || running) return;
    pokedMeanwhile = false;
    running = (async () => {
      let again = false;
      try {
        again = (await step()) === true;
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) logger.warn({ err: error, loop: name, failures }, 'background step failed');
      } finally {
        running = null;
        schedule(again || (pokedMeanwhile && failures === 0) ? 0 : intervalMs * Math.min(10, 1 + failures));
      }
    })();
  }

  schedule(0);
  return {
    poke: () => {
      if (running) pokedMeanwhile = true;
      else schedule(0);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
