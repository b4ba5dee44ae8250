/**
 * This process as the other processes of its service see it: one row of `service_instances` in the
 * service's database, beaten every HEARTBEAT_MS. It lets a dead process's claims — idempotency claims
 * (idempotency.ts), saga leases and cash settlement claims (pos-core saga-lease.ts) — be taken over
 * within seconds, instead of when their lease runs out, while a live slow owner keeps them:
 *
 *   - Every claim records its owner's id. Another process may take a claim over when its lease ran
 *     out OR its owner has not beaten for DEAD_AFTER_MS (`claimAbandoned`, evaluated in the database,
 *     on the database's clock). A process never takes its own claims over by the second rule.
 *   - The heartbeat runs on a connection of its own, so a busy pool never delays it; a graceful stop
 *     deletes the row (its claims are free at once).
 *   - Giving a claim or a lease back after a failure (a request's work failed, a saga step crashed)
 *     may itself fail while the database is unreachable; `cleanUp` then retries it on every
 *     heartbeat until it succeeds, so a live owner never sits on a claim it abandoned.
 *
 * Bound: a killed process's claims are free DEAD_AFTER_MS after its last heartbeat, i.e. at most
 * DEAD_AFTER_MS + HEARTBEAT_MS (6 s) after it died. A live process whose heartbeat cannot reach the
 * database for longer (a network partition) looks dead to the others: they may take its claims over,
 * which the fences make harmless (saga transitions are fenced by lease owner and state, idempotency
 * completions by key state, business ids are UNIQUE, downstream steps carry fixed keys).
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createPool, type Pool } from './db.ts';
import type { Logger } from './logger.ts';

export const HEARTBEAT_MS = 1_000;
/** An owner whose last heartbeat is older than this is dead: its claims may be taken over. */
export const DEAD_AFTER_MS = 5_000;

export interface ServiceInstance {
  /** Unique per process start: `<service>/<random>/<pid>@<host>`. */
  readonly id: string;
  /**
   * Runs `cleanup` now; while it fails, again on every heartbeat until it succeeds (or the process
   * stops). For giving back a claim or a lease: idempotent statements fenced by this owner. Resolves
   * after the first attempt (never rejects).
   */
  cleanUp(what: string, cleanup: () => Promise<unknown>): Promise<void>;
  /** Stops beating and deletes this instance's row (its claims are free at once). */
  stop(): Promise<void>;
}

/** Who takes a claim or a lease: the process (its id is recorded with the claim; it gives failed claims back). */
export type ClaimOwner = Pick<ServiceInstance, 'id' | 'cleanUp'>;

/**
 * SQL: true when a claim may be taken over by `me` — its lease `until` ran out, or its owner is
 * another process that stopped beating. `owner`, `until` and `me` are SQL expressions (columns,
 * parameters). A claim without an owner (written before owners were recorded) is held by its lease alone.
 */
export function claimAbandoned(owner: string, until: string, me: string): string {
  return `(${until} < now() OR (${owner} IS NOT NULL AND ${owner} <> ${me} AND NOT EXISTS (SELECT 1 FROM service_instances si
           WHERE si.id = ${owner} AND si.heartbeat_at > now() - make_interval(secs => ${DEAD_AFTER_MS / 1_000}))))`;
}

export async function startServiceInstance(options: { service: string; databaseUrl: string; logger: Logger }): Promise<ServiceInstance> {
  const id = `${options.service}/${randomBytes(4).toString('hex')}/${process.pid}@${hostname()}`;
  // One connection of its own: the heartbeat must not queue behind a busy pool.
  const pool: Pool = createPool({ connectionString: options.databaseUrl, max: 1, applicationName: `${options.service}-heartbeat` });
  const pending = new Map<number, { what: string; cleanup: () => Promise<unknown>; attempts: number }>();
  let nextCleanup = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let beating: Promise<void> | null = null;
  let failures = 0;

  const beat = () => pool.query(`INSERT INTO service_instances (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`, [id]);

  async function retryCleanups(): Promise<void> {
    for (const [n, entry] of [...pending]) {
      try {
        await entry.cleanup();
        pending.delete(n);
      } catch (error) {
        entry.attempts += 1;
        if (entry.attempts % 20 === 1)
          options.logger.warn({ err: error, what: entry.what }, 'clean-up still failing; retried at the next heartbeat');
        return; // the database is still unreachable: the rest waits for the next beat
      }
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      beating = (async () => {
        try {
          await beat();
          failures = 0;
          await retryCleanups();
        } catch (error) {
          failures += 1;
          if (failures === 1 || failures % 20 === 0) options.logger.warn({ err: error, failures }, 'instance heartbeat failed');
        } finally {
          beating = null;
          schedule();
        }
      })();
    }, HEARTBEAT_MS);
    timer.unref();
  }

  await beat();
  // Rows of processes long gone (their claims were taken over long ago).
  await pool.query(`DELETE FROM service_instances WHERE heartbeat_at < now() - interval '1 day'`);
  schedule();

  return {
    id,
    async cleanUp(what, cleanup) {
      try {
        await cleanup();
      } catch {
        if (!stopped) pending.set(nextCleanup++, { what, cleanup, attempts: 0 });
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await beating;
      await pool.query('DELETE FROM service_instances WHERE id = $1', [id]).catch(() => {});
      await pool.end();
    },
  };
}
