import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BackgroundLoop, startBackgroundLoop } from './background-loop.ts';
import { createLogger } from './logger.ts';

// The loop's timing is the subject: fake timers make every interval and step duration exact.
const logger = createLogger('test', 'silent');
let loop: BackgroundLoop | null = null;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const elapse = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  const stopped = loop?.stop();
  // A step still running ends when its own (fake) time passes.
  await vi.runAllTimersAsync();
  await stopped;
  loop = null;
  vi.useRealTimers();
});

/** A step that records when it ran and takes `ms` to finish. */
function recorder(ms: number, result: () => boolean | undefined = () => undefined) {
  const runs: number[] = [];
  const started = Date.now();
  return {
    runs,
    step: async () => {
      runs.push(Date.now() - started);
      await sleep(ms);
      return result();
    },
  };
}

describe('startBackgroundLoop', () => {
  it('when poked while idle, then a step runs at once instead of after the interval', async () => {
    const r = recorder(1);
    loop = startBackgroundLoop('t', 10_000, r.step, logger);
    await elapse(30);
    expect(r.runs).toHaveLength(1); // the first step runs at start
    loop.poke();
    await elapse(30);
    expect(r.runs).toHaveLength(2);
  });

  it('when poked (many times) while a step runs, then exactly one more step follows at once', async () => {
    const r = recorder(40);
    loop = startBackgroundLoop('t', 10_000, r.step, logger);
    await elapse(10);
    for (let i = 0; i < 5; i++) loop.poke();
    await elapse(150);
    expect(r.runs).toHaveLength(2);
    expect(r.runs[1]!).toBeLessThan(80);
  });

  it('when a step asks for more, then the next runs at once; otherwise after the interval', async () => {
    let more = 2;
    const r = recorder(1, () => more-- > 0);
    loop = startBackgroundLoop('t', 200, r.step, logger);
    await elapse(60);
    expect(r.runs).toHaveLength(3);
    await elapse(250);
    expect(r.runs).toHaveLength(4);
  });

  it('when a step fails, then the loop survives and backs off from the interval', async () => {
    let calls = 0;
    loop = startBackgroundLoop(
      't',
      20,
      async () => {
        calls += 1;
        throw new Error('database down');
      },
      logger,
    );
    await elapse(150);
    // 20 ms, then 40, 60, 80…: fewer calls than an unbroken 20 ms rhythm, but more than one.
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThan(7);
  });

  it('when stopped during a step, then stop waits for it and nothing runs afterwards', async () => {
    const r = recorder(50);
    loop = startBackgroundLoop('t', 10, r.step, logger);
    await elapse(10);
    loop.poke();
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await elapse(0);
    expect(stopped).toBe(false); // the step still runs
    await elapse(50);
    await stopping;
    const after = r.runs.length;
    await elapse(60);
    expect(r.runs).toHaveLength(after);
    loop = null;
  });
});
