/**
 * Keeps this till's sequence numbers ahead of what the server already holds for its terminal id.
 * A till's local database can be younger than its terminal: after "Reset till", a reinstall, or a
 * new browser profile, its counter would start again at 1 and POS Core would refuse those sales as
 * reused numbers (422). So whenever POS Core is reachable, the till reads its reconciliation and moves
 * its counter past the server's last seq (never backwards; see advanceNextSeq). Selling never waits
 * for this: a sale recorded before the check simply keeps its number.
 */
import type { PosCoreClient } from '../api/pos-core-client.ts';
import type { ServerReachability } from '../api/server-reachability.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { advanceNextSeq } from '../outbox/advance-seq.ts';

export interface SequenceCheckSnapshot {
  /** When the numbering was last checked against the server (ISO), null before the first check. */
  checkedAt: string | null;
  /** The next seq this till will hand out, as of that check. */
  nextSeq: number | null;
}

export interface SequenceCheckOptions {
  db: TillDatabase;
  posCore: PosCoreClient;
  terminalId: string;
  reachability: ServerReachability;
}

export class SequenceCheck {
  readonly #listeners = new Set<() => void>();
  #snapshot: SequenceCheckSnapshot = { checkedAt: null, nextSeq: null };
  #unsubscribe: (() => void) | null = null;
  #running: Promise<void> | null = null;

  readonly #options: SequenceCheckOptions;

  constructor(options: SequenceCheckOptions) {
    this.#options = options;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SequenceCheckSnapshot => this.#snapshot;

  start(): void {
    if (this.#unsubscribe) return;
    const { reachability } = this.#options;
    let wasOnline = false;
    this.#unsubscribe = reachability.subscribe(() => {
      if (reachability.isOnline && !wasOnline) void this.checkNow();
      wasOnline = reachability.isOnline;
    });
    void this.checkNow();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** One check (single-flight); a failure is left for the next time POS Core comes back. */
  checkNow(): Promise<void> {
    this.#running ??= (async () => {
      try {
        const { lastSeq } = await this.#options.posCore.getReconciliation(this.#options.terminalId);
        const nextSeq = await advanceNextSeq(this.#options.db, lastSeq);
        this.#snapshot = { checkedAt: new Date().toISOString(), nextSeq };
        for (const listener of this.#listeners) listener();
      } catch {
        // Unreachable or refused: numbering continues locally; checked again when POS Core is back.
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }
}
