/**
 * `POST /v1/orders/:id/cancel`: cancels a pending order. The request only marks the saga; the saga
 * compensates (release the hold, then void the authorization or refund the capture) and ends
 * `cancelled`. Idempotent: the key defaults to `<id>:cancel`, and any replay answers the current state.
 *
 * Answers: 200 `{ order }` once cancelled (also when it already was); 202 `{ order }` while the
 * compensation runs; 409 when the order is final otherwise (confirmed, declined, rejected) — including
 * a confirm that won the race against the cancel.
 */
import type { Principal } from '../../common/auth.ts';
import type { PoolClient } from '../../common/db.ts';
import { fingerprintOf, type IdempotentAnswer, runIdempotent } from '../../common/idempotency.ts';
import { problems } from '../../common/problem.ts';
import { driveInline } from './drive-inline.ts';
import { canSeeTerminal } from './order-access.ts';
import type { OrderDeps } from './order-deps.ts';
import { loadOrderView } from './order-view.ts';

async function cancelAnswer(deps: OrderDeps, tenantId: string, orderId: string): Promise<IdempotentAnswer> {
  const order = await loadOrderView(deps.pool, tenantId, orderId);
  if (!order) throw problems.notFound('order');
  if (order.status === 'cancelled') return { status: 200, body: { order }, resourceId: orderId };
  if (order.status === 'pending') return { status: 202, body: { order }, resourceId: orderId };
  throw problems.conflict(`The order is ${order.status}; only a pending order can be cancelled.`);
}

/** `onRequested`: runs in the transaction that requests the cancel (e.g. to record which manager asked). */
export async function cancelOrder(
  deps: OrderDeps,
  principal: Principal,
  orderId: string,
  key: string | undefined,
  onRequested?: (tx: PoolClient) => Promise<void>,
) {
  const { tenantId } = principal;
  const { rows } = await deps.pool.query<{ terminal_id: string }>('SELECT terminal_id FROM orders WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    orderId,
  ]);
  const found = rows[0];
  if (!found || !canSeeTerminal(principal, found.terminal_id)) throw problems.notFound('order');

  let requested = false;
  const answer = await runIdempotent(
    deps.pool,
    { tenantId, key: key ?? `${orderId}:cancel`, fingerprint: fingerprintOf({ cancel: orderId }), owner: deps.instance },
    async (tx) => {
      const locked = await tx.query<{ status: string }>('SELECT status FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [
        tenantId,
        orderId,
      ]);
      const status = locked.rows[0]?.status;
      if (status === 'pending') {
        await tx.query(
          'UPDATE orders SET cancel_requested = true, next_attempt_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2',
          [tenantId, orderId],
        );
        await onRequested?.(tx);
        requested = true;
        return { status: 202, body: null, resourceId: orderId };
      }
      if (status === 'cancelled') return { status: 200, body: null, resourceId: orderId };
      throw problems.conflict(`The order is ${status}; only a pending order can be cancelled.`);
    },
    { replay: () => cancelAnswer(deps, tenantId, orderId) },
  );
  if (requested) await driveInline(deps, tenantId, orderId, false);
  if (answer.replayed) return answer;
  return { ...(await cancelAnswer(deps, tenantId, orderId)), replayed: false };
}
