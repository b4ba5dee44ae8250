/**
 * The till's own log of what it did with its sales (issue #19 §6): each sale sent, acknowledged,
 * rejected or failed, and the recent requests' ids — what "Export diagnostics" writes and
 * `pnpm trace --till` merges with the services' logs. Bounded (the newest entries are kept) and kept
 * in localStorage, so it survives a reload of the window. Card data never enters it: entries hold ids,
 * statuses and short reasons only, and any digit run that could be a card number is masked.
 */
import type { TillLogEntry } from '@pos/shared/diagnostics';

export const JOURNAL_MAX_ENTRIES = 2_000;
export const RECENT_REQUESTS_MAX = 50;
const PERSIST_MS = 1_000;

export interface RecentRequest {
  requestId: string;
  method: string;
  /** The path without its query. */
  path: string;
  /** The HTTP status, or null when no answer came (network error, timeout). */
  status: number | null;
  at: string;
}

/** 13–19 digits, possibly grouped by spaces or dashes: masked wherever they appear in free text. */
const CARD_LIKE = /\d(?:[ -]?\d){12,18}/g;
export const maskCardLike = (text: string): string => text.replace(CARD_LIKE, '[masked]');

interface Stored {
  entries: TillLogEntry[];
  requests: RecentRequest[];
}

export class TillJournal {
  #entries: TillLogEntry[] = [];
  #requests: RecentRequest[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #storageKey: string | null;

  constructor(
    terminalId: string,
    private readonly storage: Storage | null = globalThis.localStorage ?? null,
  ) {
    this.#storageKey = storage ? `till-journal:${terminalId}` : null;
    if (this.storage && this.#storageKey) {
      try {
        const stored = JSON.parse(this.storage.getItem(this.#storageKey) ?? 'null') as Stored | null;
        if (stored) {
          this.#entries = stored.entries ?? [];
          this.#requests = stored.requests ?? [];
        }
      } catch {
        // A corrupt copy: start afresh (the sales themselves are in the database).
      }
      // A window closing or reloading writes what the last PERSIST_MS added.
      globalThis.addEventListener?.('pagehide', () => this.flush());
    }
  }

  get entries(): readonly TillLogEntry[] {
    return this.#entries;
  }

  get recentRequests(): readonly RecentRequest[] {
    return this.#requests;
  }

  add(entry: TillLogEntry): void {
    this.addAll([entry]);
  }

  /** Several entries at once (the sales of one batch): one copy, one notification. */
  addAll(entries: readonly TillLogEntry[]): void {
    if (entries.length === 0) return;
    const clean = entries.map((e) => (e.detail === undefined ? e : { ...e, detail: maskCardLike(e.detail).slice(0, 200) }));
    // A new array on every change: readers (React's useSyncExternalStore) compare by reference.
    this.#entries = [...this.#entries, ...clean].slice(-JOURNAL_MAX_ENTRIES);
    this.#changed();
  }

  request(request: RecentRequest): void {
    this.#requests = [...this.#requests, request].slice(-RECENT_REQUESTS_MAX);
    this.#changed();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #persistTimer: ReturnType<typeof setTimeout> | null = null;

  /** Listeners hear at once; the copy in storage is written at most once per PERSIST_MS (a drain sends thousands). */
  #changed(): void {
    if (this.storage && this.#storageKey && this.#persistTimer === null) {
      this.#persistTimer = setTimeout(() => {
        this.#persistTimer = null;
        this.flush();
      }, PERSIST_MS);
    }
    for (const l of this.#listeners) l();
  }

  /** Writes the journal to storage now. */
  flush(): void {
    if (!this.storage || !this.#storageKey) return;
    try {
      this.storage.setItem(this.#storageKey, JSON.stringify({ entries: this.#entries, requests: this.#requests } satisfies Stored));
    } catch {
      // Storage full: the journal still works in memory.
    }
  }
}
