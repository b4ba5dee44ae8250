/**
 * A till that has been selling for a while: its shift is open and its opening record already reached
 * POS Core (sent through the real sender and settled by the real settle code). Sync tests start from
 * it so that what they count is their own sales.
 */
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { settleSales } from '../outbox/settle-sales.ts';
import { openShift } from '../shift/open-shift.ts';
import type { ShiftOpenRecord } from '../shift/shift-open-record.ts';
import { interpretResults } from '../sync/batch-results.ts';
import { submitChunk } from '../sync/outbox-senders.ts';

export async function openSyncedShift(db: TillDatabase, terminalId: string, posCoreUrl: string): Promise<ShiftOpenRecord> {
  const opened = await openShift(db, { terminalId, currency: 'EUR', float: 10_000 });
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: posCoreUrl, token: 'test-token', timeoutMs: 5_000 }));
  const results = await submitChunk(posCore, [opened], { unsynced: 0, oldestUnsyncedAt: null, lastSeq: opened.seq });
  const { changes, retry } = interpretResults([opened.id], results);
  if (retry) throw new Error(`the shift's opening did not sync: ${retry.kind}`);
  await settleSales(db, changes);
  return opened;
}
