/**
 * Batch settlement (shared/src/reservation-batch.ts): reserve AND commit the stock of many orders in
 * the caller's ONE transaction, for POS Core's cash sales. What each order ends as is exactly what
 * `reserve` then `commitReservation` (reservations.ts) would leave — same strict/force rules, same
 * stock movements and discrepancies — but for a whole batch in a fixed number of statements:
 *
 *   1. the orders' reservation rows: new ones inserted (ON CONFLICT DO NOTHING), existing ones locked
 *      FOR UPDATE — all in order-id order, reservation rows before products as in reservations.ts;
 *   2. every product named, locked once in product-id order (product-row.ts);
 *   3. per order, in order-id order, the outcome computed against the running stock;
 *   4. bulk writes (lines, statuses, movements, discrepancies, products) and ONE catalogue version
 *      bump for the whole batch (catalog-change.ts), instead of two per order.
 *
 * Exactly once per order: a reservation is committed at most once (its status is checked under its
 * row lock), and the UNIQUE sale movement per order line is the second wall.
 */
import type { ReservationMode, ReservationStatus } from '@pos/shared/reservation';
import type { SettleBatchRequest, SettledReservation } from '@pos/shared/reservation-batch';
import type { PoolClient } from '../../common/db.ts';
import { appendEvents } from '../../common/outbox.ts';
import { problems } from '../../common/problem.ts';
import { recordCatalogChange } from './catalog-change.ts';
import type { NewDiscrepancy } from './discrepancies.ts';
import { lockProducts } from './product-row.ts';
import { type ReservationLineRow, reservationLineRows, toReservationLine } from './reservation-line.ts';
import { type SaleMovement, sellLine } from './sale-line.ts';

type SettleOrder = SettleBatchRequest['orders'][number];

interface ExistingRow {
  order_id: string;
  mode: ReservationMode;
  status: ReservationStatus;
  shortages: SettledReservation['shortages'];
}

interface LineRow extends ReservationLineRow {
  order_id: string;
}

/** Settles every order of the batch; one result per order, in request order. Order ids must be unique. */
export async function settleReservations(tx: PoolClient, tenantId: string, orders: readonly SettleOrder[]): Promise<SettledReservation[]> {
  const sorted = [...orders].sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));

  // 1. Reservation rows, order-id order: new ones are born 'committed' (the final status of a settled
  //    order; a strict shortage is turned into 'rejected' below, in this same transaction).
  const inserted = await tx.query<{ order_id: string }>(
    `INSERT INTO reservations (tenant_id, order_id, mode, status)
     SELECT $1, o.id, o.mode, 'committed' FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS o(id, mode, n) ORDER BY o.n
     ON CONFLICT (tenant_id, order_id) DO NOTHING
     RETURNING order_id`,
    [tenantId, sorted.map((o) => o.orderId), sorted.map((o) => o.mode)],
  );
  const created = new Set(inserted.rows.map((r) => r.order_id));
  const existingIds = sorted.filter((o) => !created.has(o.orderId)).map((o) => o.orderId);
  const existing = new Map<string, ExistingRow>();
  const existingLines = new Map<string, LineRow[]>();
  if (existingIds.length > 0) {
    const { rows } = await tx.query<ExistingRow>(
      `SELECT order_id, mode, status, shortages FROM reservations WHERE tenant_id = $1 AND order_id = ANY($2::text[])
        ORDER BY order_id COLLATE "C" FOR UPDATE`,
      [tenantId, existingIds],
    );
    for (const r of rows) existing.set(r.order_id, r);
    const lines = await tx.query<LineRow>(
      `SELECT order_id, line_no, product_id, quantity, holds_stock, catalog_price, catalog_tax_rate_bps FROM reservation_lines
        WHERE tenant_id = $1 AND order_id = ANY($2::text[]) ORDER BY order_id, line_no`,
      [tenantId, existingIds],
    );
    for (const l of lines.rows) existingLines.set(l.order_id, [...(existingLines.get(l.order_id) ?? []), l]);
  }
  const toCommit = (row: ExistingRow | undefined) => row?.status === 'held' || row?.status === 'expired';

  // 2. Every product the batch touches, locked once.
  const productIds = new Set<string>();
  for (const o of sorted) if (created.has(o.orderId)) for (const l of o.lines) productIds.add(l.productId);
  for (const [orderId, lines] of existingLines) if (toCommit(existing.get(orderId))) for (const l of lines) productIds.add(l.product_id);
  const products = await lockProducts(tx, tenantId, [...productIds]);
  const onHand = new Map([...products].map(([id, p]) => [id, p.on_hand]));
  const reserved = new Map([...products].map(([id, p]) => [id, p.reserved]));

  // 3. Outcomes against the running stock.
  const results = new Map<string, SettledReservation>();
  const newLines: LineRow[] = [];
  const rejected: SettledReservation[] = [];
  const committedExisting: string[] = [];
  const movements: SaleMovement[] = [];
  const discrepancies: NewDiscrepancy[] = [];
  const touched = new Set<string>();

  const sell = (orderId: string, line: { line_no: number; product_id: string; quantity: number }) => {
    const { movement, discrepancy } = sellLine(onHand, orderId, line);
    if (movement) {
      touched.add(line.product_id);
      movements.push(movement);
    }
    if (discrepancy) discrepancies.push(discrepancy);
  };

  for (const order of sorted) {
    const old = existing.get(order.orderId);
    if (old) {
      const oldLines = existingLines.get(order.orderId) ?? [];
      if (toCommit(old)) {
        for (const l of oldLines) {
          sell(order.orderId, l);
          // A held hold gives its reservation back as the sale leaves; an expired one already did.
          if (old.status === 'held' && l.holds_stock) {
            reserved.set(l.product_id, (reserved.get(l.product_id) ?? 0) - l.quantity);
            touched.add(l.product_id);
          }
        }
        committedExisting.push(order.orderId);
        results.set(order.orderId, {
          orderId: order.orderId,
          status: 'committed',
          mode: old.mode,
          lines: oldLines.map(toReservationLine),
          shortages: [],
        });
      } else {
        const r = {
          orderId: order.orderId,
          status: old.status,
          mode: old.mode,
          lines: oldLines.map(toReservationLine),
          shortages: old.shortages,
        };
        results.set(order.orderId, r);
      }
      continue;
    }
    // Neither inserted nor found: a concurrent insert of it rolled back between our two statements.
    if (!created.has(order.orderId)) throw problems.inFlight(1);
    const demand = new Map<string, number>();
    for (const l of order.lines) demand.set(l.productId, (demand.get(l.productId) ?? 0) + l.quantity);
    const shortages: SettledReservation['shortages'] = [];
    if (order.mode === 'strict') {
      for (const [productId, requested] of demand) {
        const p = products.get(productId);
        const available = p && p.deleted_at === null ? (onHand.get(productId) ?? 0) - (reserved.get(productId) ?? 0) : 0;
        if (requested > available) shortages.push({ productId, requested, available });
      }
    }
    // Each line with its product's catalogue price as it stands now, under the row lock (reservations.ts).
    const lines: LineRow[] = reservationLineRows(order.lines, products, shortages.length === 0).map((l) => ({
      ...l,
      order_id: order.orderId,
    }));
    newLines.push(...lines);
    if (shortages.length > 0) {
      const r: SettledReservation = {
        orderId: order.orderId,
        status: 'rejected',
        mode: order.mode,
        lines: lines.map(toReservationLine),
        shortages,
      };
      rejected.push(r);
      results.set(order.orderId, r);
      continue;
    }
    for (const l of lines) sell(order.orderId, l);
    results.set(order.orderId, {
      orderId: order.orderId,
      status: 'committed',
      mode: order.mode,
      lines: lines.map(toReservationLine),
      shortages: [],
    });
  }

  // 4. Bulk writes.
  if (newLines.length > 0) {
    await tx.query(
      `INSERT INTO reservation_lines (tenant_id, order_id, line_no, product_id, quantity, holds_stock, catalog_price, catalog_tax_rate_bps)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::boolean[], $7::bigint[], $8::int[])`,
      [
        tenantId,
        newLines.map((l) => l.order_id),
        newLines.map((l) => l.line_no),
        newLines.map((l) => l.product_id),
        newLines.map((l) => l.quantity),
        newLines.map((l) => l.holds_stock),
        newLines.map((l) => l.catalog_price),
        newLines.map((l) => l.catalog_tax_rate_bps),
      ],
    );
  }
  if (rejected.length > 0) {
    // `= ANY($2)` repeats the join for the planner: it probes the primary key per id instead of hashing the
    // unnest and scanning the store's rows (the plan it chose with stale statistics: O(table) per batch).
    await tx.query(
      `UPDATE reservations r SET status = 'rejected', shortages = d.shortages, updated_at = now()
         FROM unnest($2::text[], $3::jsonb[]) AS d(order_id, shortages)
        WHERE r.tenant_id = $1 AND r.order_id = ANY($2::text[]) AND r.order_id = d.order_id`,
      [tenantId, rejected.map((r) => r.orderId), rejected.map((r) => JSON.stringify(r.shortages))],
    );
  }
  if (committedExisting.length > 0) {
    await tx.query(`UPDATE reservations SET status = 'committed', updated_at = now() WHERE tenant_id = $1 AND order_id = ANY($2::text[])`, [
      tenantId,
      committedExisting,
    ]);
  }
  if (movements.length > 0) {
    await tx.query(
      `INSERT INTO stock_movements (tenant_id, product_id, kind, quantity, on_hand_after, reason, order_id, line_no)
       SELECT $1, m.product_id, 'sale', -m.quantity, m.on_hand_after, 'sale', m.order_id, m.line_no
         FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::int[]) AS m(product_id, quantity, on_hand_after, order_id, line_no)`,
      [
        tenantId,
        movements.map((m) => m.productId),
        movements.map((m) => m.quantity),
        movements.map((m) => m.onHandAfter),
        movements.map((m) => m.orderId),
        movements.map((m) => m.lineNo),
      ],
    );
  }
  if (discrepancies.length > 0) {
    const recorded = await tx.query<{ order_id: string; line_no: number }>(
      `INSERT INTO discrepancies (tenant_id, product_id, order_id, line_no, kind, quantity, on_hand_after)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::bigint[])
       ON CONFLICT (tenant_id, order_id, line_no) DO NOTHING
       RETURNING order_id, line_no`,
      [
        tenantId,
        discrepancies.map((d) => d.productId),
        discrepancies.map((d) => d.orderId),
        discrepancies.map((d) => d.lineNo),
        discrepancies.map((d) => d.kind),
        discrepancies.map((d) => d.quantity),
        discrepancies.map((d) => d.onHandAfter),
      ],
    );
    const isNew = new Set(recorded.rows.map((r) => `${r.order_id}\u0000${r.line_no}`));
    await appendEvents(
      tx,
      discrepancies
        .filter((d) => isNew.has(`${d.orderId}\u0000${d.lineNo}`))
        .map((d) => ({ tenantId, type: 'stock.discrepancy' as const, correlationId: d.orderId, data: { ...d } })),
    );
  }
  if (touched.size > 0) {
    const ids = [...touched];
    await tx.query(
      `UPDATE products p SET on_hand = d.on_hand, reserved = d.reserved
         FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS d(id, on_hand, reserved)
        WHERE p.tenant_id = $1 AND p.id = ANY($2::text[]) AND p.id = d.id`,
      [tenantId, ids, ids.map((id) => onHand.get(id)), ids.map((id) => reserved.get(id))],
    );
    await recordCatalogChange(tx, {
      tenantId,
      productIds: ids,
      event: 'stock.changed',
      correlationId: sorted.length === 1 ? (sorted[0]?.orderId ?? null) : null,
    });
  }
  return orders.map((o) => {
    const r = results.get(o.orderId);
    if (!r) throw new Error(`settleReservations: no outcome for order ${o.orderId}`);
    return r;
  });
}
