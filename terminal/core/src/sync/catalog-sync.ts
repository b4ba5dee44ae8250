/**
 * Keeps the till's catalogue copy current (AP: it may lag; the UI shows how old it is).
 * Delta sync by cursor: fetch pages of changes after the stored cursor, apply each page with its
 * tombstones and new cursor in one transaction, loop while `hasMore`. Runs at start, every
 * `intervalMs`, when POS Core's live feed reports a stock or product change, and when asked.
 * Single-flight: a request during a run schedules exactly one more run after it.
 */

import { type ApiFailure, toApiError } from '../api/api-error.ts';
import type { InventoryClient } from '../api/inventory-client.ts';
import { applyCatalogDelta } from '../db/apply-catalog-delta.ts';
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';

export interface CatalogSyncSnapshot {
  running: boolean;
  /** Why the last run failed (null after a success). */
  lastFailure: ApiFailure | null;
  /**
   * When (epoch ms) the last completed refresh began: the catalogue copy holds every stock change the
   * server had made by then. Null before the first one.
   */
  refreshedFrom: number | null;
}

export interface CatalogSyncOptions {
  db: TillDatabase;
  inventory: InventoryClient;
  pageSize?: number;
  intervalMs?: number;
}

export class CatalogSync {
  readonly #options: CatalogSyncOptions;
  readonly #listeners = new Set<() => void>();
  #snapshot: CatalogSyncSnapshot = { running: false, lastFailure: null, refreshedFrom: null };
  #current: Promise<void> | null = null;
  #again = false;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: CatalogSyncOptions) {
    this.#options = options;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): CatalogSyncSnapshot => this.#snapshot;

  start(): void {
    if (this.#timer) return;
    void this.syncNow();
    this.#timer = setInterval(() => void this.syncNow(), this.#options.intervalMs ?? 30_000);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Brings the catalogue up to date; never rejects (a failure is kept in the snapshot). */
  syncNow(): Promise<void> {
    if (this.#current) {
      this.#again = true;
      return this.#current;
    }
    this.#current = (async () => {
      this.#set({ running: true });
      try {
        let began: number;
        do {
          this.#again = false;
          began = Date.now();
          await this.#pullAll();
        } while (this.#again);
        this.#set({ running: false, lastFailure: null, refreshedFrom: began });
      } catch (error) {
        this.#set({ running: false, lastFailure: toApiError(error).failure });
      } finally {
        this.#current = null;
      }
    })();
    return this.#current;
  }

  async #pullAll(): Promise<void> {
    const { db, inventory } = this.#options;
    for (;;) {
      const cursor = await getMeta(db, 'catalogCursor');
      const delta = await inventory.getCatalogDelta(cursor, this.#options.pageSize ?? 1_000);
      await applyCatalogDelta(db, delta);
      if (!delta.hasMore) return;
    }
  }

  #set(patch: Partial<CatalogSyncSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }
}
