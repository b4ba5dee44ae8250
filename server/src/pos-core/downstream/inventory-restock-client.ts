/**
 * Inventory's `POST /v1/restocks` as the refund saga uses it: a refund's restocked lines back on hand,
 * under the refund's fixed key `<refundId>:restock` (one stock movement per refund line, exactly once).
 */
import { type RestockAnswer, type RestockRequest, restockAnswer } from '@pos/shared/refund';
import type { CallOutcome, ServiceCaller } from './service-call.ts';

export type RestockClient = (tenantId: string, request: RestockRequest) => Promise<CallOutcome<RestockAnswer>>;

export const restockKey = (refundId: string): string => `${refundId}:restock`;

export function inventoryRestockClient(caller: ServiceCaller): RestockClient {
  return (tenantId, request) =>
    caller.call(
      {
        method: 'POST',
        path: '/v1/restocks',
        tenantId,
        correlationId: request.orderId,
        idempotencyKey: restockKey(request.refundId),
        body: request,
      },
      restockAnswer,
    );
}
