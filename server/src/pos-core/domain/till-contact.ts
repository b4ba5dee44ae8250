/**
 * Recording that a till was heard from (the console's "last seen"), with what it reported about
 * itself when it synced (shared/src/till-sync-report.ts). One upsert per contact; a contact without
 * a report keeps the last report.
 */
import type { TillSyncReport } from '@pos/shared/till-sync-report';
import type { Queryable } from '../../common/db.ts';

export async function recordTillContact(db: Queryable, tenantId: string, terminalId: string, report: TillSyncReport | null): Promise<void> {
  if (!report) {
    await db.query(
      `INSERT INTO till_sync_state (tenant_id, terminal_id, last_seen_at) VALUES ($1, $2, now())
       ON CONFLICT (tenant_id, terminal_id) DO UPDATE SET last_seen_at = now()`,
      [tenantId, terminalId],
    );
    return;
  }
  await db.query(
    `INSERT INTO till_sync_state (tenant_id, terminal_id, last_seen_at, reported_at, unsynced, oldest_unsynced_at, reported_last_seq)
     VALUES ($1, $2, now(), now(), $3, $4, $5)
     ON CONFLICT (tenant_id, terminal_id) DO UPDATE SET last_seen_at = now(), reported_at = now(), unsynced = EXCLUDED.unsynced,
       oldest_unsynced_at = EXCLUDED.oldest_unsynced_at, reported_last_seq = EXCLUDED.reported_last_seq`,
    [tenantId, terminalId, report.unsynced, report.oldestUnsyncedAt, report.lastSeq],
  );
}
