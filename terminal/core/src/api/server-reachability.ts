/**
 * Whether a service is reachable — "online" means the server answers, not that the browser has a
 * network (navigator.onLine only says a cable is plugged in). Fed by three sources: the outcome of
 * every real request (`reportResponse` / `reportUnreachable`, from HttpClient), the live event
 * stream (EventStream: its failure is usually the first sign of a dropped link, since the stream is
 * always open) and a periodic probe of `/healthz` (every 3 s while offline, so recovery is noticed
 * fast; every 15 s while online). Any failed request flips the state to offline at once: a sale made
 * right after the link dropped is then recorded as made offline.
 */
export type Reachability = 'unknown' | 'online' | 'offline';

export interface ReachabilitySnapshot {
  state: Reachability;
  /** When the state last changed (ISO). */
  since: string;
}

export interface ServerReachabilityOptions {
  probe: () => Promise<boolean>;
  onlineIntervalMs?: number;
  offlineIntervalMs?: number;
}

export class ServerReachability {
  readonly #probe: () => Promise<boolean>;
  readonly #onlineIntervalMs: number;
  readonly #offlineIntervalMs: number;
  readonly #listeners = new Set<() => void>();
  #snapshot: ReachabilitySnapshot = { state: 'unknown', since: new Date().toISOString() };
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #detach: (() => void) | null = null;

  constructor(options: ServerReachabilityOptions) {
    this.#probe = options.probe;
    this.#onlineIntervalMs = options.onlineIntervalMs ?? 15_000;
    this.#offlineIntervalMs = options.offlineIntervalMs ?? 3_000;
  }

  /** A reachability probing `<baseUrl>/healthz` (no credentials needed). */
  static forService(baseUrl: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): ServerReachability {
    return new ServerReachability({
      probe: async () => {
        try {
          const res = await fetchImpl(new URL('/healthz', baseUrl), { cache: 'no-store', signal: AbortSignal.timeout(3_000) });
          return res.ok;
        } catch {
          return false;
        }
      },
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): ReachabilitySnapshot => this.#snapshot;

  get isOnline(): boolean {
    return this.#snapshot.state === 'online';
  }

  reportReachable(): void {
    this.#set('online');
  }

  /** A response came back with `status`: a gateway answering 502/504 could not reach the service behind it. */
  reportResponse(status: number): void {
    if (status === 502 || status === 504) this.reportUnreachable();
    else this.reportReachable();
  }

  reportUnreachable(): void {
    this.#set('offline');
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (typeof window !== 'undefined') {
      const onOnline = () => void this.checkNow();
      const onOffline = () => this.#set('offline');
      window.addEventListener('online', onOnline);
      window.addEventListener('offline', onOffline);
      this.#detach = () => {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
      };
    }
    void this.checkNow();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#detach?.();
    this.#detach = null;
  }

  async checkNow(): Promise<Reachability> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const ok = await this.#probe();
    this.#set(ok ? 'online' : 'offline');
    if (this.#running) {
      this.#timer = setTimeout(() => void this.checkNow(), ok ? this.#onlineIntervalMs : this.#offlineIntervalMs);
    }
    return this.#snapshot.state;
  }

  #set(state: Reachability): void {
    if (state === this.#snapshot.state) return;
    this.#snapshot = { state, since: new Date().toISOString() };
    if (state === 'offline' && this.#running) {
      // Probe soon so that recovery is noticed without waiting for the slow online interval.
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.checkNow(), this.#offlineIntervalMs);
    }
    for (const listener of this.#listeners) listener();
  }
}
