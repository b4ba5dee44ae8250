/**
 * Inventory's batch settlement (`POST /v1/reservations/batch`, docs/ARCHITECTURE.md internal
 * contracts; shared/src/reservation-batch.ts): reserve + commit of many cash sales in one call.
 *
 * Each call carries a fresh key `settle:<uuid v7>`: the call's quick retries (service-call.ts) reuse
 * it, so a retry after a lost answer is answered from Inventory's idempotency table. A later call for
 * the same orders (a saga retry, another worker after a crash) gets a new key, and is still applied at
 * most once per order: Inventory settles each order from its reservation's state under its row lock.
 */
import { uuidv7 } from '@pos/shared/ids';
import { type SettleBatchAnswer, type SettleBatchRequest, settleBatchAnswer } from '@pos/shared/reservation-batch';
import type { CallOutcome, ServiceCaller } from './service-call.ts';

export interface InventorySettleClient {
  settle(tenantId: string, orders: SettleBatchRequest['orders']): Promise<CallOutcome<SettleBatchAnswer>>;
}

export function inventorySettleClient(caller: ServiceCaller): InventorySettleClient {
  return {
    settle: (tenantId, orders) => {
      const key = `settle:${uuidv7()}`;
      return caller.call(
        {
          method: 'POST',
          path: '/v1/reservations/batch',
          tenantId,
          correlationId: key,
          idempotencyKey: key,
          body: { orders } satisfies SettleBatchRequest,
        },
        settleBatchAnswer,
      );
    },
  };
}
