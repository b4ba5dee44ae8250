/**
 * A Lamport clock: orders events causally without trusting any machine's wall clock.
 * tick() before sending or recording an event; observe(remote) when one arrives:
 * local = max(local, remote) + 1.
 */
export class LamportClock {
  #time: number;

  constructor(start = 0) {
    this.#time = start;
  }

  get time(): number {
    return this.#time;
  }

  tick(): number {
    this.#time += 1;
    return this.#time;
  }

  observe(remote: number | undefined | null): number {
    if (typeof remote === 'number' && Number.isSafeInteger(remote) && remote > this.#time) this.#time = remote;
    return this.tick();
  }
}
