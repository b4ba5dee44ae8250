/**
 * Inventory's reservation API, called only by POS Core's saga (service credential).
 * Every call carries `Idempotency-Key: <orderId>:reserve | :commit | :release`.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { orderId, productId } from './order.ts';

/** strict: online sale, never oversell. force: offline sale already happened, always accepted. */
export const reservationMode = z.enum(['strict', 'force']);
export type ReservationMode = z.infer<typeof reservationMode>;

export const reserveRequest = z.strictObject({
  orderId,
  mode: reservationMode,
  lines: z
    .array(
      z.strictObject({
        lineNo: z.number().int().min(1).max(LIMITS.maxLinesPerOrder),
        productId,
        quantity: z.number().int().min(1).max(LIMITS.maxQuantity),
      }),
    )
    .min(1)
    .max(LIMITS.maxLinesPerOrder),
  /** How long the hold lives before the sweeper releases it. */
  ttlSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type ReserveRequest = z.infer<typeof reserveRequest>;

export const reservationStatus = z.enum(['held', 'rejected', 'committed', 'released', 'expired']);
export type ReservationStatus = z.infer<typeof reservationStatus>;

/**
 * A reserved line with its product's catalogue `price` and `taxRateBps` as they stood when the
 * reservation was made, read under the product's row lock (null: the catalogue does not offer the
 * product — unknown or deleted). POS Core records them against the till's prices: a till selling
 * from a stale catalogue is recorded, never refused. Absent only from answers Inventory stored
 * before it carried them.
 */
export const reservationLine = z.object({
  lineNo: z.number().int(),
  productId,
  quantity: z.number().int(),
  price: z.number().int().nullable().optional(),
  taxRateBps: z.number().int().nullable().optional(),
});
export type ReservationLine = z.infer<typeof reservationLine>;

export const reservation = z.object({
  orderId,
  status: reservationStatus,
  mode: reservationMode,
  lines: z.array(reservationLine),
  /** For a rejected strict reservation: what was short. */
  shortages: z.array(z.object({ productId, requested: z.number().int(), available: z.number().int() })),
  expiresAt: z.string().nullable(),
});
export type Reservation = z.infer<typeof reservation>;

/** Inventory's answer to reserve, commit, release and `GET /v1/reservations/:orderId`. */
export const reservationAnswer = z.object({ reservation });
export type ReservationAnswer = z.infer<typeof reservationAnswer>;

export const stockMovement = z.strictObject({
  productId,
  /** receipt: positive quantity received; adjustment: signed correction after a count. */
  kind: z.enum(['receipt', 'adjustment']),
  quantity: z.number().int().min(-1_000_000).max(1_000_000),
  reason: z.string().min(1).max(LIMITS.maxNameLength),
});
export type StockMovement = z.infer<typeof stockMovement>;
