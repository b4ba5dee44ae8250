/**
 * Reservations: POS Core's saga holds stock for an order, then commits (the sale leaves stock) or
 * releases it; the sweeper expires holds nobody finished.
 *
 *   reserve ─▶ held ──commit──▶ committed          (on_hand −= qty, reserved −= qty)
 *          │      ├─release──▶ released            (reserved −= qty)
 *          │      └─(ttl)────▶ expired ──commit──▶ committed   (on_hand −= qty only)
 *          └▶ rejected  (strict and short of stock: holds nothing)
 *   release of an unknown order ─▶ released tombstone (no lines): a late reserve answers it.
 *   settle (batch of cash sales) ─▶ reserve and commit in one transaction
 *
 * Reserve and settle are place-reservations.ts; commit, release and expiry are here. Every one of them
 * moves stock through the one ledger (stock-ledger.ts), so a sale committed alone and the same sale
 * settled in a batch leave identical stock, movements and discrepancies. One reservation per order
 * (PRIMARY KEY) and one row per order line (UNIQUE).
 */
import type { Reservation } from '@pos/shared/reservation';
import { type Pool, type PoolClient, type Queryable, withTransaction } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { lockReservedProducts } from './product-row.ts';
import {
  loadReservations,
  RESERVATION_COLUMNS,
  type ReservationRow,
  type StoredReservation,
  setStatuses,
  toReservation,
} from './reservation-rows.ts';
import { openStockLedger, stockLedger } from './stock-ledger.ts';

async function lockOne(tx: PoolClient, tenantId: string, orderId: string): Promise<StoredReservation | null> {
  return (await loadReservations(tx, tenantId, [orderId], 'FOR UPDATE')).get(orderId) ?? null;
}

export async function findReservation(db: Queryable, tenantId: string, orderId: string): Promise<Reservation | null> {
  const found = (await loadReservations(db, tenantId, [orderId], '')).get(orderId);
  return found ? toReservation(found) : null;
}

/**
 * The sale leaves stock: on_hand −= qty per line, and reserved −= qty where the hold is still
 * held (an expired hold already gave its reservation back). Each line leaving stock below zero,
 * and each line of a product the catalogue does not know, records a discrepancy. Committing a
 * committed reservation changes nothing; a released or rejected one cannot be committed (409).
 */
export async function commitReservation(tx: PoolClient, tenantId: string, orderId: string): Promise<Reservation> {
  // One round trip: the reservation's lock, then (pipelined behind it) its products' locks.
  const [found, products] = await Promise.all([lockOne(tx, tenantId, orderId), lockReservedProducts(tx, tenantId, orderId)]);
  if (!found) throw problems.notFound('reservation');
  const { row, lines } = found;
  if (row.status === 'committed') return toReservation(found);
  if (row.status === 'released' || row.status === 'rejected') {
    throw problems.conflict(`The reservation of order ${orderId} is ${row.status}; it cannot be committed.`);
  }
  const ledger = stockLedger(tx, tenantId, products);
  ledger.sell(orderId, lines, row.status === 'held');
  setStatuses(tx, tenantId, [orderId], 'committed');
  await ledger.write(orderId);
  return toReservation({ row: { ...row, status: 'committed' }, lines });
}

/** Gives a held reservation's stock back, ending in `status` (released or expired). */
async function endHold(
  tx: PoolClient,
  tenantId: string,
  { row, lines }: StoredReservation,
  status: 'released' | 'expired',
): Promise<Reservation> {
  const ledger = await openStockLedger(
    tx,
    tenantId,
    lines.filter((l) => l.holds_stock).map((l) => l.product_id),
  );
  ledger.unhold(lines);
  setStatuses(tx, tenantId, [row.order_id], status);
  await ledger.write(row.order_id);
  return toReservation({ row: { ...row, status }, lines });
}

/**
 * Releases a held reservation. Releasing a rejected, expired or released one changes nothing; a
 * committed one cannot be released (409). Releasing an order never reserved records a released
 * tombstone (mode strict, no lines), so a reserve that arrives late holds nothing.
 */
export async function releaseReservation(tx: PoolClient, tenantId: string, orderId: string): Promise<Reservation> {
  let found = await lockOne(tx, tenantId, orderId);
  if (!found) {
    const tombstone = await tx.query<ReservationRow>(
      `INSERT INTO reservations (tenant_id, order_id, mode, status) VALUES ($1, $2, 'strict', 'released')
       ON CONFLICT (tenant_id, order_id) DO NOTHING RETURNING ${RESERVATION_COLUMNS}`,
      [tenantId, orderId],
    );
    if (tombstone.rows[0]) return toReservation({ row: tombstone.rows[0], lines: [] });
    found = await lockOne(tx, tenantId, orderId);
    if (!found) throw problems.inFlight(1);
  }
  if (found.row.status === 'committed') throw problems.conflict(`The reservation of order ${orderId} is committed; it cannot be released.`);
  if (found.row.status !== 'held') return toReservation(found);
  return endHold(tx, tenantId, found, 'released');
}

/**
 * The sweeper's step: expires up to `batch` holds past their expiry, each in its own short
 * transaction. A hold being committed or released right now is skipped (SKIP LOCKED) and, if
 * still held, picked up next time. Returns true when a full batch was due (more may wait).
 */
export async function expireDueHolds(pool: Pool, batch = 100): Promise<{ expired: number; more: boolean }> {
  const due = await pool.query<{ tenant_id: string; order_id: string }>(
    `SELECT tenant_id, order_id FROM reservations WHERE status = 'held' AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
    [batch],
  );
  let expired = 0;
  for (const { tenant_id: tenantId, order_id: orderId } of due.rows) {
    const done = await withTransaction(pool, async (tx) => {
      const locked = await tx.query(
        `SELECT 1 FROM reservations WHERE tenant_id = $1 AND order_id = $2 AND status = 'held' AND expires_at <= now() FOR UPDATE SKIP LOCKED`,
        [tenantId, orderId],
      );
      if (locked.rowCount !== 1) return false;
      const found = (await loadReservations(tx, tenantId, [orderId], '')).get(orderId);
      if (!found) return false;
      await endHold(tx, tenantId, found, 'expired');
      return true;
    });
    if (done) expired += 1;
  }
  return { expired, more: due.rows.length === batch };
}
