/**
 * Keeps the till's staff copy (staff-cache.ts) current: read at start, whenever POS Core becomes
 * reachable, and every `intervalMs` while it is. A failed read keeps the copy (sign-in works offline).
 */
import type { PosCoreClient } from '../api/pos-core-client.ts';
import type { ServerReachability } from '../api/server-reachability.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { replaceCachedStaff } from './staff-cache.ts';

export interface StaffSyncOptions {
  db: TillDatabase;
  posCore: PosCoreClient;
  reachability: ServerReachability;
  /** Default 60 s. */
  intervalMs?: number;
}

export class StaffSync {
  readonly #options: StaffSyncOptions;
  #current: Promise<void> | null = null;
  #unsubscribe: (() => void) | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: StaffSyncOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#unsubscribe) return;
    const { reachability } = this.#options;
    this.#unsubscribe = reachability.subscribe(() => {
      if (reachability.isOnline) void this.refresh();
    });
    this.#timer = setInterval(() => {
      if (reachability.isOnline) void this.refresh();
    }, this.#options.intervalMs ?? 60_000);
    void this.refresh();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Reads the staff once (single flight); never rejects. */
  refresh(): Promise<void> {
    this.#current ??= (async () => {
      try {
        await replaceCachedStaff(this.#options.db, await this.#options.posCore.listStaff());
      } catch {
        // POS Core unreachable or refusing: the copy stays; the next reachable moment tries again.
      } finally {
        this.#current = null;
      }
    })();
    return this.#current;
  }
}
