/**
 * The pending poll: records POS Core answered 'pending' (202: recorded, the saga still running) are
 * read again until they are final. The leader polls them in rounds; an SSE event naming one re-reads
 * it at once.
 */
import { toApiError } from '../api/api-error.ts';
import type { PosCoreClient } from '../api/pos-core-client.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { kindOf, type SaleStatus } from '../outbox/outbox-record.ts';
import { pendingRecords } from '../outbox/pending-poll.ts';
import { getSale } from '../outbox/read-sales.ts';
import type { SaleChange } from '../outbox/settle-sales.ts';
import { OUTBOX_PROGRESS } from './outbox-senders.ts';

export type Settle = (changes: Map<string, SaleChange>, from: SaleStatus[]) => Promise<void>;

const POLL_ROUND = 50;

/** Reads up to 50 pending records again; true when any of them had reached a final status. */
export async function pollPending(db: TillDatabase, posCore: PosCoreClient, settle: Settle): Promise<boolean> {
  const pending = await pendingRecords(db, POLL_ROUND);
  const changes = new Map<string, SaleChange>();
  for (const row of pending) {
    try {
      const now = await OUTBOX_PROGRESS[kindOf(row)](posCore, row.id);
      if (now.status !== 'pending') changes.set(row.id, now);
    } catch (error) {
      if (toApiError(error).kind === 'network') break;
    }
  }
  await settle(changes, ['pending']);
  return changes.size > 0;
}

/** Re-reads one record if the till holds it as pending (an event named it); failures are left to the poll. */
export async function refreshPending(db: TillDatabase, posCore: PosCoreClient, id: string, settle: Settle): Promise<void> {
  const row = await getSale(db, id);
  if (row?.status !== 'pending') return;
  try {
    const now = await OUTBOX_PROGRESS[kindOf(row)](posCore, id);
    if (now.status !== 'pending') await settle(new Map([[id, now]]), ['pending']);
  } catch {
    // The poll will try again.
  }
}
