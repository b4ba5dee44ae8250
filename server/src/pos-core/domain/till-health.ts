/**
 * `GET /v1/store/tills`: every till of the store with its sync health (shared/src/till-health.ts).
 * A till is listed when it is paired, has been heard from, or has orders. Its missing sequence numbers
 * are the gaps below the highest seq received plus, when the till reported a higher last seq than
 * POS Core holds, the numbers between (records it has and POS Core has not yet, G6).
 * Cost: one pass over the store's orders (the gaps); fine for a store's volume, indexed per till.
 */
import type { SeqRange, TillHealth, TillHealthList } from '@pos/shared/till-health';
import type { Queryable } from '../../common/db.ts';
import { latestPosition } from '../../common/outbox.ts';
import { RECEIVED_SEQS } from './received-seqs.ts';
import { readStoreSettings } from './store-settings.ts';

const MAX_LISTED_RANGES = 100;

interface StateRow {
  terminal_id: string;
  last_seen_at: Date | null;
  reported_at: Date | null;
  unsynced: string | null;
  oldest_unsynced_at: Date | null;
  reported_last_seq: string | null;
}

export async function listTillHealth(db: Queryable, tenantId: string): Promise<TillHealthList> {
  const [settings, clock, paired, states, received, gaps, eventPosition] = await Promise.all([
    readStoreSettings(db, tenantId),
    db.query<{ now: Date }>('SELECT now() AS now'),
    db.query<{ terminal_id: string; revoked_at: Date | null; rotation_requested_at: Date | null }>(
      'SELECT terminal_id, revoked_at, rotation_requested_at FROM terminals WHERE tenant_id = $1',
      [tenantId],
    ),
    db.query<StateRow>(
      `SELECT coalesce(c.terminal_id, s.terminal_id) AS terminal_id, c.last_seen_at, s.reported_at, s.unsynced, s.oldest_unsynced_at,
              s.reported_last_seq
         FROM (SELECT * FROM till_contacts WHERE tenant_id = $1) c FULL JOIN (SELECT * FROM till_sync_state WHERE tenant_id = $1) s
           ON s.terminal_id = c.terminal_id`,
      [tenantId],
    ),
    db.query<{ terminal_id: string; last_seq: string }>(
      `SELECT terminal_id, max(seq) AS last_seq FROM (${RECEIVED_SEQS}) r WHERE tenant_id = $1 GROUP BY terminal_id`,
      [tenantId],
    ),
    db.query<{ terminal_id: string; from: string; to: string }>(
      `SELECT terminal_id, prev + 1 AS "from", seq - 1 AS "to"
         FROM (SELECT terminal_id, seq, COALESCE(lag(seq) OVER (PARTITION BY terminal_id ORDER BY seq), 0) AS prev
                 FROM (${RECEIVED_SEQS}) r WHERE tenant_id = $1) s
        WHERE seq - prev > 1 ORDER BY terminal_id, seq`,
      [tenantId],
    ),
    latestPosition(db, tenantId),
  ]);
  const now = clock.rows[0]?.now ?? new Date();
  const ids = new Set<string>([
    ...paired.rows.map((r) => r.terminal_id),
    ...states.rows.map((r) => r.terminal_id),
    ...received.rows.map((r) => r.terminal_id),
  ]);
  const stateOf = new Map(states.rows.map((r) => [r.terminal_id, r]));
  const pairedOf = new Map(paired.rows.map((r) => [r.terminal_id, r]));
  const lastSeqOf = new Map(received.rows.map((r) => [r.terminal_id, Number(r.last_seq)]));
  const gapsOf = new Map<string, SeqRange[]>();
  for (const g of gaps.rows) {
    const list = gapsOf.get(g.terminal_id) ?? [];
    list.push({ from: Number(g.from), to: Number(g.to) });
    gapsOf.set(g.terminal_id, list);
  }
  const silentAfterMs = settings.tillSilentAfterSeconds * 1000;
  const tills = [...ids].sort().map((terminalId): TillHealth => {
    const state = stateOf.get(terminalId);
    const lastSeqReceived = lastSeqOf.get(terminalId) ?? 0;
    const missing = [...(gapsOf.get(terminalId) ?? [])];
    const reportedLastSeq = state?.reported_last_seq == null ? 0 : Number(state.reported_last_seq);
    if (reportedLastSeq > lastSeqReceived) missing.push({ from: lastSeqReceived + 1, to: reportedLastSeq });
    const lastSeenAt = state?.last_seen_at ?? null;
    return {
      terminalId,
      lastSeenAt: lastSeenAt?.toISOString() ?? null,
      silent: lastSeenAt === null || now.getTime() - lastSeenAt.getTime() > silentAfterMs,
      reported:
        state?.reported_at != null
          ? {
              at: state.reported_at.toISOString(),
              unsynced: Number(state.unsynced ?? 0),
              oldestUnsyncedAt: state.oldest_unsynced_at?.toISOString() ?? null,
              lastSeq: reportedLastSeq,
            }
          : null,
      lastSeqReceived,
      missingCount: missing.reduce((n, r) => n + (r.to - r.from + 1), 0),
      missing: missing.slice(0, MAX_LISTED_RANGES),
      revokedAt: pairedOf.get(terminalId)?.revoked_at?.toISOString() ?? null,
      rotationRequestedAt: pairedOf.get(terminalId)?.rotation_requested_at?.toISOString() ?? null,
    };
  });
  return { tills, silentAfterSeconds: settings.tillSilentAfterSeconds, eventPosition, at: now.toISOString() };
}
