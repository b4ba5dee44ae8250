/**
 * What a manager can do about a sale that needs attention (shared/src/attention.ts): retry now, cancel
 * and compensate, resolve with a note. Each runs at most once per Idempotency-Key (common/idempotency.ts;
 * a replay answers the order as it is now) and records, in the same transaction, which manager did it
 * (`order_actions`, shown in the order's timeline). Another store's order is not found (G7).
 */
import type { ManagerAction } from '@pos/shared/order-timeline';
import type { Principal } from '../../common/auth.ts';
import type { Queryable } from '../../common/db.ts';
import { fingerprintOf, type IdempotentAnswer, runIdempotent } from '../../common/idempotency.ts';
import { problems } from '../../common/problem.ts';
import { cancelOrder } from './cancel-order.ts';
import type { OrderDeps } from './order-deps.ts';
import { loadOrderView } from './order-view.ts';

type ActionName = ManagerAction['action'];

async function recordAction(tx: Queryable, principal: Principal, orderId: string, action: ActionName, note: string | null): Promise<void> {
  await tx.query('INSERT INTO order_actions (tenant_id, order_id, action, note, actor) VALUES ($1, $2, $3, $4, $5)', [
    principal.tenantId,
    orderId,
    action,
    note,
    principal.subject,
  ]);
}

async function currentOrder(deps: OrderDeps, tenantId: string, orderId: string): Promise<IdempotentAnswer> {
  const order = await loadOrderView(deps.pool, tenantId, orderId);
  if (!order) throw problems.notFound('order');
  return { status: 200, body: { order }, resourceId: orderId };
}

async function lockedStatus(tx: Queryable, tenantId: string, orderId: string): Promise<string> {
  const { rows } = await tx.query<{ status: string }>('SELECT status FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [
    tenantId,
    orderId,
  ]);
  if (!rows[0]) throw problems.notFound('order');
  return rows[0].status;
}

/** Retry now: a pending order's saga is due at once (its backoff cut short); the recovery worker drives it. 409 when not pending. */
export async function retryNow(deps: OrderDeps, principal: Principal, orderId: string, key: string) {
  const { tenantId } = principal;
  const answer = await runIdempotent(
    deps.pool,
    { tenantId, key, fingerprint: fingerprintOf({ retry: orderId }), owner: deps.instance },
    async (tx) => {
      const status = await lockedStatus(tx, tenantId, orderId);
      if (status !== 'pending') throw problems.conflict(`The order is ${status}; only a pending order can be retried.`);
      await tx.query('UPDATE orders SET next_attempt_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2', [tenantId, orderId]);
      await recordAction(tx, principal, orderId, 'retry', null);
      return { status: 200, body: null, resourceId: orderId };
    },
    { replay: () => currentOrder(deps, tenantId, orderId) },
  );
  if (answer.replayed) return answer;
  deps.pokeWorker();
  return { ...(await currentOrder(deps, tenantId, orderId)), replayed: false };
}

/** Cancel and compensate (cancel-order.ts), recording the manager with the request. */
export function cancelAndCompensate(deps: OrderDeps, principal: Principal, orderId: string, key: string) {
  return cancelOrder(deps, principal, orderId, key, (tx) => recordAction(tx, principal, orderId, 'cancel', null));
}

/** Resolve with a note: the order leaves the attention list. 409 when it was resolved already (under another key). */
export async function resolveWithNote(deps: OrderDeps, principal: Principal, orderId: string, key: string, note: string) {
  const { tenantId } = principal;
  const answer = await runIdempotent(
    deps.pool,
    { tenantId, key, fingerprint: fingerprintOf({ resolve: orderId, note }), owner: deps.instance },
    async (tx) => {
      await lockedStatus(tx, tenantId, orderId);
      const inserted = await tx.query(
        `INSERT INTO order_resolutions (tenant_id, order_id, note, resolved_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [tenantId, orderId, note, principal.subject],
      );
      if (inserted.rowCount === 0) throw problems.conflict('The order was resolved already.');
      await recordAction(tx, principal, orderId, 'resolve', note);
      return { status: 200, body: null, resourceId: orderId };
    },
    { replay: () => currentOrder(deps, tenantId, orderId) },
  );
  if (answer.replayed) return answer;
  return { ...(await currentOrder(deps, tenantId, orderId)), replayed: false };
}
