/**
 * A background loop (relay, sweeper, saga recovery): runs `step` every `intervalMs`, never two at
 * once, logs and survives failures (a database restart must not stop the loop), stops cleanly.
 * `step` may return true to ask for an immediate next run (more work is waiting).
 *
 * A poke that arrives while a step runs is not lost: the step may already have read past the write
 * that poked, so one more step follows at once. Pokes during a step coalesce into that one step.
 * With `pokeDelayMs`, a poke runs the step that much later (never later than a step already due):
 * the pokes of many writes in that window coalesce into one step — a relay poked after every commit
 * then runs a handful of times a second under load instead of once per commit.
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
  options: { pokeDelayMs?: number } = {},
): BackgroundLoop {
  const pokeDelayMs = options.pokeDelayMs ?? 0;
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  /** When the pending timer fires (performance.now()). */
  let dueAt = 0;
  let failures = 0;
  /** A poke came while a step was running. */
  let pokedMeanwhile = false;

  const schedule = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    dueAt = performance.now() + delay;
    timer = setTimeout(run, delay);
    timer.unref();
  };
  /** A poke's step: in `pokeDelayMs`, unless one is due sooner. */
  const schedulePoked = () => {
    if (timer && dueAt <= performance.now() + pokeDelayMs) return;
    schedule(pokeDelayMs);
  };

  function run() {
    timer = null;
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
        if (again) schedule(0);
        else if (pokedMeanwhile && failures === 0) schedule(pokeDelayMs);
        else schedule(intervalMs * Math.min(10, 1 + failures));
      }
    })();
  }

  schedule(0);
  return {
    poke: () => {
      if (running) pokedMeanwhile = true;
      else schedulePoked();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
