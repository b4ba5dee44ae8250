/**
 * The till's bearer token, which may be rotated while the till runs. Every client reads it at each
 * request through `current()`; after a 401 a client calls `renew()`, which re-reads the till's
 * configuration (from the platform bridge) and reports whether the token changed — then, and only
 * then, the request is worth retrying at once. Concurrent 401s share one re-read.
 */
export interface TillCredentials {
  current(): string;
  /** Re-reads the token; true when it differs from the one that was refused. Never rejects. */
  renew(): Promise<boolean>;
}

/** A token that never changes (tests, tools). */
export const fixedCredentials = (token: string): TillCredentials => ({ current: () => token, renew: async () => false });

/** Credentials re-read through `load` (the bridge's configuration) on renew. */
export class ReloadableCredentials implements TillCredentials {
  #token: string;
  readonly #load: () => Promise<string>;
  #renewing: Promise<boolean> | null = null;

  constructor(token: string, load: () => Promise<string>) {
    this.#token = token;
    this.#load = load;
  }

  current(): string {
    return this.#token;
  }

  renew(): Promise<boolean> {
    this.#renewing ??= (async () => {
      const refused = this.#token;
      try {
        this.#token = await this.#load();
      } catch {
        // The configuration could not be read now: keep the token; the next 401 tries again.
      } finally {
        this.#renewing = null;
      }
      return this.#token !== refused;
    })();
    return this.#renewing;
  }
}
