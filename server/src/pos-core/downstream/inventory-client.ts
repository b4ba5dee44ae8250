/**
 * Inventory's reservation API (docs/ARCHITECTURE.md, internal contracts), as the saga uses it.
 * Each call carries its step's fixed key: `<orderId>:reserve`, `:commit`, `:release`.
 */
import { stepKey } from '@pos/shared/http';
import {
  type ReservationAnswer as ReservationBody,
  type ReservationMode,
  type ReserveRequest,
  reservationAnswer,
} from '@pos/shared/reservation';
import type { CallOutcome, ServiceCaller } from './service-call.ts';

/** Each answer parsed with `reservationAnswer` (service-call.ts: a mismatch is "unavailable"). */
export type ReservationAnswer = CallOutcome<ReservationBody>;

export interface InventoryClient {
  readonly caller: ServiceCaller;
  reserve(tenantId: string, orderId: string, mode: ReservationMode, lines: ReserveRequest['lines']): Promise<ReservationAnswer>;
  commit(tenantId: string, orderId: string): Promise<ReservationAnswer>;
  release(tenantId: string, orderId: string): Promise<ReservationAnswer>;
}

export function inventoryClient(caller: ServiceCaller): InventoryClient {
  const path = (orderId: string, action: string) => `/v1/reservations/${encodeURIComponent(orderId)}/${action}`;
  return {
    caller,
    reserve: (tenantId, orderId, mode, lines) =>
      caller.call(
        {
          method: 'POST',
          path: '/v1/reservations',
          tenantId,
          correlationId: orderId,
          idempotencyKey: stepKey(orderId, 'reserve'),
          body: { orderId, mode, lines } satisfies ReserveRequest,
        },
        reservationAnswer,
      ),
    commit: (tenantId, orderId) =>
      caller.call(
        {
          method: 'POST',
          path: path(orderId, 'commit'),
          tenantId,
          correlationId: orderId,
          idempotencyKey: stepKey(orderId, 'commit'),
          body: {},
        },
        reservationAnswer,
      ),
    release: (tenantId, orderId) =>
      caller.call(
        {
          method: 'POST',
          path: path(orderId, 'release'),
          tenantId,
          correlationId: orderId,
          idempotencyKey: stepKey(orderId, 'release'),
          body: {},
        },
        reservationAnswer,
      ),
  };
}
