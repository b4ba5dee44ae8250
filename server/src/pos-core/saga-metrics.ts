/**
 * POS Core's business metrics (issue #19 §5), read from its database at scrape time:
 * - pos_core_saga_backlog{state}: orders whose saga is not done, by saga state (DESIGN §3);
 * - pos_core_oldest_pending_order_seconds: how long the oldest of them has been pending (0 when none);
 * - pos_core_till_missing_seqs{store,terminal}: sequence numbers below a till's highest one that POS
 *   Core has never received (G6: a till numbers its sales 1, 2, 3… — a gap is a sale still on the till
 *   or lost). Tills without a gap are reported as 0 once seen.
 * Idempotent replays are counted for every service in common/metrics.ts (pos_idempotent_replays_total).
 * When the database does not answer, a scrape keeps the last values.
 */
import client from 'prom-client';
import type { Pool } from '../common/db.ts';
import { RECEIVED_SEQS } from './domain/received-seqs.ts';
import type { SagaState } from './domain/saga/saga-state.ts';

const PENDING_STATES: readonly SagaState[] = [
  'received',
  'reserved',
  'authorized',
  'captured',
  'compensating_stock',
  'compensating_payment',
];

export function registerSagaMetrics(registry: client.Registry, pool: Pool): void {
  new client.Gauge({
    name: 'pos_core_saga_backlog',
    help: 'Orders whose saga is not done, by saga state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { rows } = await pool
        .query<{ saga_state: string; count: string }>(
          `SELECT saga_state, count(*) AS count FROM orders WHERE status = 'pending' GROUP BY saga_state`,
        )
        .catch(() => ({ rows: null }));
      if (!rows) return;
      const counts = new Map(rows.map((r) => [r.saga_state, Number(r.count)]));
      for (const state of PENDING_STATES) this.set({ state }, counts.get(state) ?? 0);
    },
  });
  new client.Gauge({
    name: 'pos_core_oldest_pending_order_seconds',
    help: 'How long the oldest order whose saga is not done has been pending (0 when none)',
    registers: [registry],
    async collect() {
      const { rows } = await pool
        .query<{ age: number | null }>(
          `SELECT extract(epoch FROM now() - min(received_at))::float8 AS age FROM orders WHERE status = 'pending'`,
        )
        .catch(() => ({ rows: null }));
      if (rows) this.set(Math.max(0, rows[0]?.age ?? 0));
    },
  });
  new client.Gauge({
    name: 'pos_core_till_missing_seqs',
    help: "Sequence numbers below a till's highest received one that were never received",
    labelNames: ['store', 'terminal'],
    registers: [registry],
    async collect() {
      const { rows } = await pool
        .query<{ tenant_id: string; terminal_id: string; missing: string }>(
          `SELECT tenant_id, terminal_id, max(seq) - count(*) AS missing FROM (${RECEIVED_SEQS}) r GROUP BY tenant_id, terminal_id`,
        )
        .catch(() => ({ rows: null }));
      if (!rows) return;
      for (const r of rows) this.set({ store: r.tenant_id, terminal: r.terminal_id }, Number(r.missing));
    },
  });
}
