/**
 * What the soak's history records about the server side, so that a failing run explains itself:
 *
 *   census   every few seconds: the pending orders grouped by saga state, reason, lease (held by a
 *            live owner, expired, none) and whether their next attempt is due; the in-flight
 *            idempotency claims of each service; the oldest pending order's age.
 *   stuck    when the drain timed out: each order still pending (up to 100) with its saga columns and
 *            last transition, how long ago any saga last moved and how many pending ones are due but
 *            unleased (both large: the recovery worker is not running — it once hung on a call that
 *            never timed out), every in-flight claim, and every database session that is not idle
 *            (what it waits on, for how long, its query) — a lock or a claim left by a killed process
 *            shows up here.
 *
 * Read-only queries over the stack's own pools (they do not go through the fault proxies).
 */
import type { InvariantPools } from '../testing/invariants.ts';

export interface PendingGroup {
  sagaState: string;
  reason: string | null;
  /** 'held' (lease not expired), 'expired', 'none'. */
  lease: 'held' | 'expired' | 'none';
  /** The next attempt is due now (the recovery worker should take it). */
  due: boolean;
  orders: number;
  /** Age of the oldest order of the group, from when POS Core received it. */
  oldestMs: number;
}

export interface SoakCensus {
  pending: PendingGroup[];
  /** In-flight idempotency claims per service: how many, and how many of them have expired. */
  claims: Record<keyof InvariantPools, { inFlight: number; expired: number }>;
}

export interface StuckOrder {
  id: string;
  terminalId: string;
  seq: number;
  sagaState: string;
  reason: string | null;
  attempts: number;
  leaseOwner: string | null;
  /** ms until the lease expires (negative: expired). */
  leaseInMs: number | null;
  /** ms until the next attempt is due (negative: overdue). */
  nextAttemptInMs: number;
  stepDeadlineInMs: number | null;
  receivedAgoMs: number;
  updatedAgoMs: number;
  lastTransition: { from: string | null; to: string; worker: string | null; agoMs: number } | null;
}

export interface StuckSession {
  database: keyof InvariantPools;
  pid: number;
  application: string;
  state: string | null;
  waitEvent: string | null;
  xactAgeMs: number | null;
  stateAgeMs: number | null;
  blockedBy: number[];
  query: string;
}

export interface StuckReport {
  orders: StuckOrder[];
  pendingTotal: number;
  /** Pending orders whose next attempt is due and that nobody leases: what the recovery worker should be taking. */
  dueUnleased: number;
  /** How long ago any saga transition was written (null: none yet). */
  lastTransitionAgoMs: number | null;
  claims: Record<keyof InvariantPools, { key: string; lockedInMs: number | null; ageMs: number }[]>;
  sessions: StuckSession[];
}

const DATABASES = ['posCore', 'inventory', 'payment'] as const;

async function claimCounts(pools: InvariantPools): Promise<SoakCensus['claims']> {
  const entries = await Promise.all(
    DATABASES.map(async (db) => {
      const { rows } = await pools[db].query<{ in_flight: number; expired: number }>(
        `SELECT count(*)::int AS in_flight, count(*) FILTER (WHERE locked_until < now())::int AS expired
           FROM idempotency_keys WHERE state = 'in_flight'`,
      );
      return [db, { inFlight: rows[0]!.in_flight, expired: rows[0]!.expired }] as const;
    }),
  );
  return Object.fromEntries(entries) as SoakCensus['claims'];
}

export async function soakCensus(pools: InvariantPools): Promise<SoakCensus> {
  const { rows } = await pools.posCore.query<{
    saga_state: string;
    reason: string | null;
    lease: PendingGroup['lease'];
    due: boolean;
    orders: number;
    oldest_ms: number;
  }>(
    `SELECT saga_state, reason,
            CASE WHEN lease_until IS NULL THEN 'none' WHEN lease_until >= now() THEN 'held' ELSE 'expired' END AS lease,
            next_attempt_at <= now() AS due, count(*)::int AS orders,
            (extract(epoch FROM now() - min(received_at)) * 1000)::int AS oldest_ms
       FROM orders WHERE status = 'pending' GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC`,
  );
  return {
    pending: rows.map((r) => ({
      sagaState: r.saga_state,
      reason: r.reason,
      lease: r.lease,
      due: r.due,
      orders: r.orders,
      oldestMs: r.oldest_ms,
    })),
    claims: await claimCounts(pools),
  };
}

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::int`;

export async function stuckReport(pools: InvariantPools, limit = 100): Promise<StuckReport> {
  const { rows } = await pools.posCore.query<{
    id: string;
    terminal_id: string;
    seq: number;
    saga_state: string;
    reason: string | null;
    attempts: number;
    lease_owner: string | null;
    lease_in_ms: number | null;
    next_in_ms: number;
    deadline_in_ms: number | null;
    received_ago_ms: number;
    updated_ago_ms: number;
    t_from: string | null;
    t_to: string | null;
    t_worker: string | null;
    t_ago_ms: number | null;
    total: number;
  }>(
    `SELECT o.id, o.terminal_id, o.seq, o.saga_state, o.reason, o.attempts, o.lease_owner,
            ${ms('o.lease_until - now()')} AS lease_in_ms, ${ms('o.next_attempt_at - now()')} AS next_in_ms,
            ${ms('o.step_deadline - now()')} AS deadline_in_ms, ${ms('now() - o.received_at')} AS received_ago_ms,
            ${ms('now() - o.updated_at')} AS updated_ago_ms,
            t.from_state AS t_from, t.to_state AS t_to, t.worker AS t_worker, ${ms('now() - t.at')} AS t_ago_ms,
            count(*) OVER ()::int AS total
       FROM orders o
       LEFT JOIN LATERAL (SELECT from_state, to_state, worker, at FROM order_transitions x
                           WHERE x.tenant_id = o.tenant_id AND x.order_id = o.id ORDER BY x.id DESC LIMIT 1) t ON true
      WHERE o.status = 'pending' ORDER BY o.received_at LIMIT $1`,
    [limit],
  );
  const { rows: progress } = await pools.posCore.query<{ due_unleased: number; last_ago_ms: number | null }>(
    `SELECT (SELECT count(*)::int FROM orders WHERE status = 'pending' AND next_attempt_at <= now()
              AND (lease_until IS NULL OR lease_until < now())) AS due_unleased,
            (SELECT ${ms('now() - max(at)')} FROM order_transitions) AS last_ago_ms`,
  );
  const claims = await Promise.all(
    DATABASES.map(async (db) => {
      const { rows: keys } = await pools[db].query<{ key: string; locked_in_ms: number | null; age_ms: number }>(
        `SELECT key, ${ms('locked_until - now()')} AS locked_in_ms, ${ms('now() - created_at')} AS age_ms
           FROM idempotency_keys WHERE state = 'in_flight' ORDER BY created_at LIMIT $1`,
        [limit],
      );
      return [db, keys.map((k) => ({ key: k.key, lockedInMs: k.locked_in_ms, ageMs: k.age_ms }))] as const;
    }),
  );
  const sessions = (
    await Promise.all(
      DATABASES.map(async (db) => {
        const { rows: s } = await pools[db].query<{
          pid: number;
          application_name: string;
          state: string | null;
          wait: string | null;
          xact_ms: number | null;
          state_ms: number | null;
          blocked_by: number[];
          query: string;
        }>(
          `SELECT pid, application_name, state, wait_event_type || ':' || wait_event AS wait,
                  ${ms('now() - xact_start')} AS xact_ms, ${ms('now() - state_change')} AS state_ms,
                  pg_blocking_pids(pid) AS blocked_by, left(query, 200) AS query
             FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'`,
        );
        return s.map(
          (x): StuckSession => ({
            database: db,
            pid: x.pid,
            application: x.application_name,
            state: x.state,
            waitEvent: x.wait,
            xactAgeMs: x.xact_ms,
            stateAgeMs: x.state_ms,
            blockedBy: x.blocked_by,
            query: x.query,
          }),
        );
      }),
    )
  ).flat();
  return {
    orders: rows.map((r) => ({
      id: r.id,
      terminalId: r.terminal_id,
      seq: r.seq,
      sagaState: r.saga_state,
      reason: r.reason,
      attempts: r.attempts,
      leaseOwner: r.lease_owner,
      leaseInMs: r.lease_in_ms,
      nextAttemptInMs: r.next_in_ms,
      stepDeadlineInMs: r.deadline_in_ms,
      receivedAgoMs: r.received_ago_ms,
      updatedAgoMs: r.updated_ago_ms,
      lastTransition: r.t_to ? { from: r.t_from, to: r.t_to, worker: r.t_worker, agoMs: r.t_ago_ms ?? 0 } : null,
    })),
    pendingTotal: rows[0]?.total ?? 0,
    dueUnleased: progress[0]!.due_unleased,
    lastTransitionAgoMs: progress[0]!.last_ago_ms,
    claims: Object.fromEntries(claims) as StuckReport['claims'],
    sessions,
  };
}
