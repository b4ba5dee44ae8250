/**
 * Reservations: POS Core's saga holds stock for an order, then commits (the sale leaves stock) or
 * releases it; the sweeper expires holds nobody finished.
 *
 *   reserve ─▶ held ──commit──▶ committed          (on_hand −= qty, reserved −= qty)
 *          │      ├─release──▶ released            (reserved −= qty)
 *          │      └─(ttl)────▶ expired ──commit──▶ committed   (on_hand −= qty only)
 *          └▶ rejected  (strict and short of stock: holds nothing)
 *   release of an unknown order ─▶ released tombstone (no lines): a late reserve answers it.
 *
 * strict (online sale): holds only when every line is available — never oversells, because each
 * check runs under the product rows' locks (taken in product-id order, so holds never deadlock).
 * force (offline sale, already happened): always holds, even past zero; available may go negative
 * and a commit below zero records a discrepancy. A line naming a product the catalogue does not
 * know (or a tombstoned one, in strict mode) is short with available 0 in strict mode; in force
 * mode it is recorded but holds nothing, and its commit records an `unknown_product` discrepancy.
 *
 * One reservation per order (PRIMARY KEY) and one row per order line (UNIQUE): a second reserve
 * for the same order, whatever its key, answers the existing reservation.
 *
 * Each line records its product's catalogue price and tax rate as read under the row lock when the
 * reservation is made (null when the catalogue does not offer it), and every answer carries them.
 */
import type { Reservation, ReservationMode, ReservationStatus, ReserveRequest } from '@pos/shared/reservation';
import { type Pool, type PoolClient, type Queryable, withTransaction } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { recordCatalogChange } from './catalog-change.ts';
import { recordDiscrepancy } from './discrepancies.ts';
import { lockProducts } from './product-row.ts';
import { type ReservationLineRow, reservationLineRows, toReservationLine } from './reservation-line.ts';
import { sellLine } from './sale-line.ts';

interface ReservationRow {
  order_id: string;
  mode: ReservationMode;
  status: ReservationStatus;
  shortages: Reservation['shortages'];
  expires_at: Date | null;
}

type LineRow = ReservationLineRow;

interface Loaded {
  row: ReservationRow;
  lines: LineRow[];
}

const toReservation = ({ row, lines }: Loaded): Reservation => ({
  orderId: row.order_id,
  status: row.status,
  mode: row.mode,
  lines: lines.map(toReservationLine),
  shortages: row.shortages,
  expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
});

async function load(db: Queryable, tenantId: string, orderId: string, lock: 'FOR UPDATE' | ''): Promise<Loaded | null> {
  const { rows } = await db.query<ReservationRow>(
    `SELECT order_id, mode, status, shortages, expires_at FROM reservations WHERE tenant_id = $1 AND order_id = $2 ${lock}`,
    [tenantId, orderId],
  );
  const row = rows[0];
  if (!row) return null;
  const lines = await db.query<LineRow>(
    `SELECT line_no, product_id, quantity, holds_stock, catalog_price, catalog_tax_rate_bps
       FROM reservation_lines WHERE tenant_id = $1 AND order_id = $2 ORDER BY line_no`,
    [tenantId, orderId],
  );
  return { row, lines: lines.rows };
}

export async function findReservation(db: Queryable, tenantId: string, orderId: string): Promise<Reservation | null> {
  const found = await load(db, tenantId, orderId, '');
  return found ? toReservation(found) : null;
}

/** Sums quantities per product (an order may name a product on several lines). */
function perProduct(lines: readonly { productId: string; quantity: number }[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.productId, (sums.get(l.productId) ?? 0) + l.quantity);
  return sums;
}

/** Adds `delta(quantity)` to `reserved` of each product; ids must be locked already.
 * (`= ANY($2)` lets the planner probe the primary key per id whatever the statistics say; see settle-reservations.ts.) */
async function addReserved(tx: Queryable, tenantId: string, quantities: Map<string, number>, sign: 1 | -1): Promise<void> {
  if (quantities.size === 0) return;
  await tx.query(
    `UPDATE products p SET reserved = p.reserved + d.qty
       FROM unnest($2::text[], $3::bigint[]) AS d(id, qty)
      WHERE p.tenant_id = $1 AND p.id = ANY($2::text[]) AND p.id = d.id`,
    [tenantId, [...quantities.keys()], [...quantities.values()].map((q) => sign * q)],
  );
}

/** Lines that hold stock, summed per product. */
const heldQuantities = (lines: readonly LineRow[]) =>
  perProduct(lines.filter((l) => l.holds_stock).map((l) => ({ productId: l.product_id, quantity: l.quantity })));

export interface ReserveOutcome {
  reservation: Reservation;
  /** False when the order already had a reservation (or a released tombstone), which is answered as is. */
  created: boolean;
}

export async function reserve(
  tx: PoolClient,
  tenantId: string,
  request: ReserveRequest,
  defaultTtlSeconds: number,
): Promise<ReserveOutcome> {
  const existing = await load(tx, tenantId, request.orderId, 'FOR UPDATE');
  if (existing) return { reservation: toReservation(existing), created: false };

  const demand = perProduct(request.lines);
  const products = await lockProducts(tx, tenantId, [...demand.keys()]);
  const shortages: Reservation['shortages'] = [];
  if (request.mode === 'strict') {
    for (const [productId, requested] of demand) {
      const p = products.get(productId);
      const available = p && p.deleted_at === null ? p.on_hand - p.reserved : 0;
      if (requested > available) shortages.push({ productId, requested, available });
    }
  }
  const status: ReservationStatus = shortages.length > 0 ? 'rejected' : 'held';
  const ttlSeconds = request.ttlSeconds ?? defaultTtlSeconds;

  const inserted = await tx.query<ReservationRow>(
    `INSERT INTO reservations (tenant_id, order_id, mode, status, shortages, expires_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'held' THEN now() + make_interval(secs => $6) END)
     ON CONFLICT (tenant_id, order_id) DO NOTHING
     RETURNING order_id, mode, status, shortages, expires_at`,
    [tenantId, request.orderId, request.mode, status, JSON.stringify(shortages), ttlSeconds],
  );
  const row = inserted.rows[0];
  if (!row) {
    // A concurrent call for the same order (another key, or a release tombstone) committed first.
    const winner = await load(tx, tenantId, request.orderId, 'FOR UPDATE');
    if (!winner) throw problems.inFlight(1);
    return { reservation: toReservation(winner), created: false };
  }

  const lines = reservationLineRows(request.lines, products, status === 'held');
  await tx.query(
    `INSERT INTO reservation_lines (tenant_id, order_id, line_no, product_id, quantity, holds_stock, catalog_price, catalog_tax_rate_bps)
     SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::int[], $6::boolean[], $7::bigint[], $8::int[])`,
    [
      tenantId,
      request.orderId,
      lines.map((l) => l.line_no),
      lines.map((l) => l.product_id),
      lines.map((l) => l.quantity),
      lines.map((l) => l.holds_stock),
      lines.map((l) => l.catalog_price),
      lines.map((l) => l.catalog_tax_rate_bps),
    ],
  );
  if (status === 'held') {
    const held = heldQuantities(lines);
    await addReserved(tx, tenantId, held, 1);
    await recordCatalogChange(tx, { tenantId, productIds: [...held.keys()], event: 'stock.changed', correlationId: request.orderId });
  }
  return { reservation: toReservation({ row, lines }), created: true };
}

async function setStatus(tx: Queryable, tenantId: string, orderId: string, status: ReservationStatus): Promise<void> {
  await tx.query('UPDATE reservations SET status = $3, updated_at = now() WHERE tenant_id = $1 AND order_id = $2', [
    tenantId,
    orderId,
    status,
  ]);
}

/**
 * The sale leaves stock: on_hand −= qty per line, and reserved −= qty where the hold is still
 * held (an expired hold already gave its reservation back). Each line leaving stock below zero,
 * and each line of a product the catalogue does not know, records a discrepancy. Committing a
 * committed reservation changes nothing; a released or rejected one cannot be committed (409).
 */
export async function commitReservation(tx: PoolClient, tenantId: string, orderId: string): Promise<Reservation> {
  const found = await load(tx, tenantId, orderId, 'FOR UPDATE');
  if (!found) throw problems.notFound('reservation');
  const { row, lines } = found;
  if (row.status === 'committed') return toReservation(found);
  if (row.status === 'released' || row.status === 'rejected') {
    throw problems.conflict(`The reservation of order ${orderId} is ${row.status}; it cannot be committed.`);
  }

  const products = await lockProducts(
    tx,
    tenantId,
    lines.map((l) => l.product_id),
  );
  const onHand = new Map([...products].map(([id, p]) => [id, p.on_hand]));
  for (const line of lines) {
    const { movement, discrepancy } = sellLine(onHand, orderId, line);
    if (movement) {
      await tx.query(
        `INSERT INTO stock_movements (tenant_id, product_id, kind, quantity, on_hand_after, reason, order_id, line_no)
         VALUES ($1, $2, 'sale', $3, $4, 'sale', $5, $6)`,
        [tenantId, movement.productId, -movement.quantity, movement.onHandAfter, orderId, movement.lineNo],
      );
    }
    if (discrepancy) await recordDiscrepancy(tx, tenantId, discrepancy);
  }
  const sold = [...onHand.keys()];
  await tx.query(
    `UPDATE products p SET on_hand = d.on_hand FROM unnest($2::text[], $3::bigint[]) AS d(id, on_hand)
      WHERE p.tenant_id = $1 AND p.id = ANY($2::text[]) AND p.id = d.id`,
    [tenantId, sold, sold.map((id) => onHand.get(id))],
  );
  if (row.status === 'held') await addReserved(tx, tenantId, heldQuantities(lines), -1);
  await setStatus(tx, tenantId, orderId, 'committed');
  await recordCatalogChange(tx, { tenantId, productIds: sold, event: 'stock.changed', correlationId: orderId });
  return toReservation({ row: { ...row, status: 'committed' }, lines });
}

/** Gives a held reservation's stock back, ending in `status` (released or expired). */
async function endHold(tx: PoolClient, tenantId: string, { row, lines }: Loaded, status: 'released' | 'expired'): Promise<Reservation> {
  const held = heldQuantities(lines);
  await lockProducts(tx, tenantId, [...held.keys()]);
  await addReserved(tx, tenantId, held, -1);
  await setStatus(tx, tenantId, row.order_id, status);
  await recordCatalogChange(tx, { tenantId, productIds: [...held.keys()], event: 'stock.changed', correlationId: row.order_id });
  return toReservation({ row: { ...row, status }, lines });
}

/**
 * Releases a held reservation. Releasing a rejected, expired or released one changes nothing; a
 * committed one cannot be released (409). Releasing an order never reserved records a released
 * tombstone (mode strict, no lines), so a reserve that arrives late holds nothing.
 */
export async function releaseReservation(tx: PoolClient, tenantId: string, orderId: string): Promise<Reservation> {
  let found = await load(tx, tenantId, orderId, 'FOR UPDATE');
  if (!found) {
    const tombstone = await tx.query<ReservationRow>(
      `INSERT INTO reservations (tenant_id, order_id, mode, status) VALUES ($1, $2, 'strict', 'released')
       ON CONFLICT (tenant_id, order_id) DO NOTHING RETURNING order_id, mode, status, shortages, expires_at`,
      [tenantId, orderId],
    );
    if (tombstone.rows[0]) return toReservation({ row: tombstone.rows[0], lines: [] });
    found = await load(tx, tenantId, orderId, 'FOR UPDATE');
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
      const found = await load(tx, tenantId, orderId, '');
      if (!found) return false;
      await endHold(tx, tenantId, found, 'expired');
      return true;
    });
    if (done) expired += 1;
  }
  return { expired, more: due.rows.length === batch };
}
