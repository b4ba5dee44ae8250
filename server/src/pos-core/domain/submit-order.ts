/**
 * `POST /v1/orders` (DESIGN §4): one order, its id as Idempotency-Key.
 *
 *   validate ─▶ read key + order + store settings (one query): completed ─▶ replay, nothing written
 *   ─▶ claim key ─▶ [online: are Inventory (and Payment, for a card) reachable? else 503, nothing
 *   recorded] ─▶ record order + order.received + key completion (ONE statement)
 *   ─▶ drive the saga inline for a short budget ─▶ 201 final | 202 pending
 *
 * A replay answers the order's CURRENT state; the saga is never started twice (lease + fixed keys).
 * The reachability probes (service-call.ts) run in parallel once the key is claimed and before the
 * recording transaction opens, so no pooled connection waits on them.
 */
import { type OrderSubmission, orderSubmission } from '@pos/shared/order';
import type { StoreSettings } from '@pos/shared/store-settings';
import type { Principal } from '../../common/auth.ts';
import { fingerprintOf, type IdempotentAnswer, runIdempotentInOneStatement } from '../../common/idempotency.ts';
import { idempotencyKeyError } from '../../common/idempotent-request.ts';
import { type FieldError, problems, zodFieldErrors } from '../../common/problem.ts';
import { annotateLogContext } from '../../common/tracing/log-context.ts';
import { checkParsedSubmission } from './check-submission.ts';
import { driveInline } from './drive-inline.ts';
import { logOrdersReceived } from './log-orders-received.ts';
import { currentOrderAnswer, orderAnswer } from './order-answer.ts';
import { explainCollisions } from './order-collision.ts';
import type { OrderDeps } from './order-deps.ts';
import { lookupOrder } from './order-lookup.ts';
import { recordOrders } from './record-orders.ts';
import { sagaOrderOf } from './saga/saga-order.ts';
import { readStoreSettings } from './store-settings.ts';

/** The key and the body together, so that one 400 names every field that is wrong; the key is the order id. Returns the parsed order. */
function checkKeyAndBody(key: string | undefined, body: unknown): OrderSubmission {
  const errors: FieldError[] = [];
  const parsed = orderSubmission.safeParse(body);
  const keyError = idempotencyKeyError(key, parsed.success ? parsed.data.id : undefined);
  if (keyError) errors.push(keyError);
  if (!parsed.success) errors.push(...zodFieldErrors(parsed.error, 'order'));
  if (errors.length > 0 || !parsed.success) throw problems.validation(errors);
  return parsed.data;
}

/** An online sale needs Inventory now (and Payment for a card): refuse it before recording anything if they are down. */
async function requireDownstreams(deps: OrderDeps, order: OrderSubmission): Promise<void> {
  if (order.captureMode !== 'online') return;
  const hasCard = order.tenders.some((t) => t.type === 'card');
  const [inventory, payment] = await Promise.all([deps.inventory.caller.reachable(), hasCard ? deps.payment.caller.reachable() : true]);
  if (!inventory) throw problems.unavailable('Inventory is not reachable; the order was not recorded.', 2);
  if (!payment) throw problems.unavailable('Payment is not reachable; the order was not recorded.', 2);
}

export async function submitOrder(
  deps: OrderDeps,
  principal: Principal,
  key: string | undefined,
  body: unknown,
): Promise<IdempotentAnswer & { replayed: boolean }> {
  const order = checkParsedSubmission(checkKeyAndBody(key, body), principal);
  annotateLogContext({ orderId: order.id });
  const { tenantId } = principal;
  const fingerprint = fingerprintOf(order);
  let recordedNow = false;
  /** The store's settings, read with the key (readFirst) and recorded against. */
  let store: StoreSettings | undefined;
  const answer = await runIdempotentInOneStatement(
    deps.pool,
    { tenantId, key: order.id, fingerprint, owner: deps.instance },
    () => requireDownstreams(deps, order),
    async (_, completion) => {
      const answer = { status: 202, body: null, resourceId: order.id };
      const key = completion(answer);
      const recorded = await recordOrders(
        deps.pool,
        tenantId,
        [{ order, fingerprint }],
        store ?? (await readStoreSettings(deps.pool, tenantId)),
        {
          lease: { owner: deps.owner, leaseMs: deps.leaseMs },
          completion: key,
        },
      );
      if (recorded.ids.has(order.id)) {
        recordedNow = true;
        return { answer, completed: recorded.keyCompleted };
      }
      // Not inserted: the very same sale recorded before its key was pruned (a replay), or a collision to refuse.
      const verdict = (await explainCollisions(deps.pool, tenantId, [{ order, fingerprint }])).get(order.id);
      if (verdict !== 'replay') throw verdict ?? problems.inFlight(1);
      return { answer, completed: await key.complete(deps.pool) };
    },
    {
      readFirst: async () => {
        const found = await lookupOrder(deps.pool, tenantId, order.id, deps.instance, { withStore: true });
        store = found.store;
        return found.key && { key: found.key, ...(found.order ? { current: orderAnswer(found.order) } : {}) };
      },
      replay: () => currentOrderAnswer(deps.pool, tenantId, order.id),
    },
  );
  if (answer.replayed) return answer;
  if (recordedNow) logOrdersReceived(deps.logger, [order]);
  if (recordedNow) await driveInline(deps, tenantId, order.id, true, sagaOrderOf(tenantId, order));
  // Not recorded now: the very same sale was recorded before its key was pruned — a replay too.
  const { order: current } = await lookupOrder(deps.pool, tenantId, order.id, deps.instance);
  if (!current) throw problems.notFound('order');
  return { ...orderAnswer(current), replayed: !recordedNow };
}
