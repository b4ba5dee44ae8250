/**
 * Recording that a till was heard from (the console's "last seen", `till_contacts`: a heartbeat,
 * written by its reads too) and, with a sync, what it reported about itself (`till_sync_state`,
 * shared/src/till-sync-report.ts). One statement either way.
 */
import type { TillSyncReport } from '@pos/shared/till-sync-report';
import type { Queryable } from '../../common/db.ts';

const CONTACT = `INSERT INTO till_contacts (tenant_id, terminal_id, last_seen_at) VALUES ($1, $2, now())
  ON CONFLICT (tenant_id, terminal_id) DO UPDATE SET last_seen_at = now()`;

export async function recordTillContact(db: Queryable, tenantId: string, terminalId: string, report: TillSyncReport | null): Promise<void> {
  if (!report) {
    await db.query(CONTACT, [tenantId, terminalId]);
    return;
  }
  await db.query(
    `WITH contact AS (${CONTACT})
     INSERT INTO till_sync_state (tenant_id, terminal_id, reported_at, unsynced, oldest_unsynced_at, reported_last_seq)
     VALUES ($1, $2, now(), $3, $4, $5)
     ON CONFLICT (tenant_id, terminal_id) DO UPDATE SET reported_at = now(), unsynced = EXCLUDED.unsynced,
       oldest_unsynced_at = EXCLUDED.oldest_unsynced_at, reported_last_seq = EXCLUDED.reported_last_seq`,
    [tenantId, terminalId, report.unsynced, report.oldestUnsyncedAt, report.lastSeq],
  );
}
