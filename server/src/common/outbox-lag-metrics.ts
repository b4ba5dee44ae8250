/**
 * Outbox relay lag of one service (issue #19 §5), read from its database at scrape time:
 * - pos_outbox_unpublished_events: committed events the relay has not numbered yet;
 * - pos_outbox_relay_lag_seconds: how long the oldest of them has waited (0 when none).
 * A relay that keeps up holds both near 0; a growing lag means consumers see the service's events late
 * (docs/alert-rules.example.yml). When the database does not answer, the scrape keeps the last values.
 */
import client from 'prom-client';
import type { Pool } from './db.ts';

export function registerOutboxLagMetrics(registry: client.Registry, pool: Pool): void {
  let last = { count: 0, lag: 0 };
  let reading: Promise<void> | null = null;
  // One query per scrape, shared by both gauges.
  const read = () => {
    reading ??= pool
      .query<{ count: string; lag: number | null }>(
        `SELECT count(*) AS count, extract(epoch FROM now() - min(occurred_at))::float8 AS lag FROM outbox WHERE position IS NULL`,
      )
      .then(
        ({ rows }) => {
          last = { count: Number(rows[0]?.count ?? 0), lag: Math.max(0, rows[0]?.lag ?? 0) };
        },
        () => {},
      )
      .finally(() => {
        reading = null;
      });
    return reading;
  };
  new client.Gauge({
    name: 'pos_outbox_unpublished_events',
    help: 'Committed outbox events not yet numbered by the relay',
    registers: [registry],
    async collect() {
      await read();
      this.set(last.count);
    },
  });
  new client.Gauge({
    name: 'pos_outbox_relay_lag_seconds',
    help: 'Age of the oldest outbox event the relay has not numbered yet (0 when none)',
    registers: [registry],
    async collect() {
      await read();
      this.set(last.lag);
    },
  });
}
