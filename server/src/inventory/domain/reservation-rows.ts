/**
 * Reservation rows as stored (`reservations`, `reservation_lines`), read and written set-based for
 * one order or many: the rows every reservation path (place-reservations.ts, reservations.ts) shares.
 * Rows are locked in order-id order (COLLATE "C"), before any product (stock-ledger.ts), so that two
 * transactions always lock in the same order.
 */
import type { Reservation, ReservationMode, ReservationStatus } from '@pos/shared/reservation';
import { type PoolClient, type Queryable, queryAtCommit } from '../../common/db.ts';
import { type ReservationLineRow, toReservationLine } from './reservation-line.ts';

export interface ReservationRow {
  order_id: string;
  mode: ReservationMode;
  status: ReservationStatus;
  shortages: Reservation['shortages'];
  expires_at: Date | null;
}

export type OrderLineRow = ReservationLineRow & { order_id: string };

/** A reservation and its lines, in line order. */
export interface StoredReservation {
  row: ReservationRow;
  lines: ReservationLineRow[];
}

export const RESERVATION_COLUMNS = 'order_id, mode, status, shortages, expires_at';

export const toReservation = ({ row, lines }: StoredReservation): Reservation => ({
  orderId: row.order_id,
  status: row.status,
  mode: row.mode,
  lines: lines.map(toReservationLine),
  shortages: row.shortages,
  expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
});

/**
 * The reservations of these orders with their lines, in ONE query (the lines as a JSON array per
 * reservation, in line order); `lock`: FOR UPDATE of the reservation rows, in order-id order.
 */
export async function loadReservations(
  db: Queryable,
  tenantId: string,
  orderIds: readonly string[],
  lock: 'FOR UPDATE' | '',
): Promise<Map<string, StoredReservation>> {
  const found = new Map<string, StoredReservation>();
  if (orderIds.length === 0) return found;
  const { rows } = await db.query<ReservationRow & { lines: ReservationLineRow[] | null }>(
    `SELECT ${RESERVATION_COLUMNS.split(', ')
      .map((c) => `r.${c}`)
      .join(', ')},
            (SELECT json_agg(l ORDER BY l.line_no) FROM (
               SELECT line_no, product_id, quantity, holds_stock, catalog_price, catalog_tax_rate_bps FROM reservation_lines
                WHERE tenant_id = r.tenant_id AND order_id = r.order_id) l) AS lines
       FROM reservations r WHERE r.tenant_id = $1 AND r.order_id = ANY($2::text[]) ORDER BY r.order_id COLLATE "C" ${lock === '' ? '' : 'FOR UPDATE OF r'}`,
    [tenantId, orderIds],
  );
  for (const { lines, ...row } of rows) found.set(row.order_id, { row, lines: lines ?? [] });
  return found;
}

/**
 * The writes below change rows this transaction already holds (locked or inserted) and answer nothing
 * its work reads: they are queued to run with the COMMIT (queryAtCommit), in the order asked, before
 * the ledger's catalogue change — no round trip of their own.
 */

/** Sets the status of these reservations (a hold ended, a sale committed), at commit. */
export function setStatuses(tx: PoolClient, tenantId: string, orderIds: readonly string[], status: ReservationStatus): void {
  if (orderIds.length === 0) return;
  queryAtCommit(tx, 'UPDATE reservations SET status = $3, updated_at = now() WHERE tenant_id = $1 AND order_id = ANY($2::text[])', [
    tenantId,
    orderIds,
    status,
  ]);
}

/** Inserts the lines of new reservations (one statement), at commit. */
export function insertLines(tx: PoolClient, tenantId: string, lines: readonly OrderLineRow[]): void {
  if (lines.length === 0) return;
  queryAtCommit(
    tx,
    `INSERT INTO reservation_lines (tenant_id, order_id, line_no, product_id, quantity, holds_stock, catalog_price, catalog_tax_rate_bps)
     SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::boolean[], $7::bigint[], $8::int[])`,
    [
      tenantId,
      lines.map((l) => l.order_id),
      lines.map((l) => l.line_no),
      lines.map((l) => l.product_id),
      lines.map((l) => l.quantity),
      lines.map((l) => l.holds_stock),
      lines.map((l) => l.catalog_price),
      lines.map((l) => l.catalog_tax_rate_bps),
    ],
  );
}
