/**
 * A shift's report as POS Core sees it (issue 15): recomputed from the records it received with the
 * same function the till ran at close (shared/src/z-totals.ts). A shift is the till's records with seq
 * in (shift-open.seq, shift-close.lastSeq]; while it is open, up to the till's highest received seq
 * (an X report).
 *
 *   open ──close received──▶ provisional (names the missing seqs) ──all received──▶ final
 *
 * The first read that finds a closed shift complete issues its final report into `z_reports` (first
 * one wins, never updated): later records or status changes do not alter an issued Z.
 */
import type { ShiftClose, ShiftOpen } from '@pos/shared/shift-record';
import type { ZReport } from '@pos/shared/z-report';
import { computeZTotals, saleCountsInShift, type ZMovement, type ZRefund, type ZSale, zTotalsDifferences } from '@pos/shared/z-totals';
import type { Queryable } from '../../common/db.ts';
import { missingSeqs, RECEIVED_SEQS } from './received-seqs.ts';

interface DrawerRow {
  kind: 'cash-movement' | 'no-sale';
  seq: string;
  at: string;
  direction: ZMovement['direction'] | null;
  amount: string | null;
  staff_id: string | null;
  approved_by: string | null;
}

interface SaleRow {
  status: string;
  total: number;
  discount: number;
  lines: ZSale['lines'];
  tenders: { type: 'cash' | 'card'; amount: number; received: number | null }[];
}

/** The shift's report, or null when POS Core has not received the shift's opening record. */
export async function readZReport(db: Queryable, tenantId: string, shiftId: string): Promise<ZReport | null> {
  const issued = await db.query<{ report: ZReport }>('SELECT report FROM z_reports WHERE tenant_id = $1 AND shift_id = $2', [
    tenantId,
    shiftId,
  ]);
  if (issued.rows[0]) return issued.rows[0].report;
  const drawer = await db.query<{ kind: string; body: ShiftOpen | ShiftClose }>(
    `SELECT kind, body FROM shift_records WHERE tenant_id = $1 AND shift_id = $2 AND kind IN ('shift-open', 'shift-close')`,
    [tenantId, shiftId],
  );
  const open = drawer.rows.find((r) => r.kind === 'shift-open')?.body as ShiftOpen | undefined;
  if (!open) return null;
  const close = drawer.rows.find((r) => r.kind === 'shift-close')?.body as ShiftClose | undefined;
  const terminalId = open.terminalId;
  const upTo = close ? close.lastSeq : await highestReceivedSeq(db, tenantId, terminalId);
  const [sales, refunds, drawerRecords, staff, missing] = await Promise.all([
    db.query<SaleRow>(
      `SELECT o.status, o.total,
              (SELECT coalesce(sum(l.discount), 0) FROM order_lines l WHERE l.tenant_id = o.tenant_id AND l.order_id = o.id) AS discount,
              (SELECT coalesce(json_agg(json_build_object('quantity', l.quantity, 'unitPrice', l.unit_price, 'taxRateBps', l.tax_rate_bps)
                                        ORDER BY l.line_no), '[]')
                 FROM order_lines l WHERE l.tenant_id = o.tenant_id AND l.order_id = o.id) AS lines,
              (SELECT coalesce(json_agg(json_build_object('type', t.type, 'amount', t.amount, 'received', t.received) ORDER BY t.tender_no), '[]')
                 FROM order_tenders t WHERE t.tenant_id = o.tenant_id AND t.order_id = o.id) AS tenders
         FROM orders o WHERE o.tenant_id = $1 AND o.terminal_id = $2 AND o.seq > $3 AND o.seq <= $4`,
      [tenantId, terminalId, open.seq, upTo],
    ),
    // Refunds that paid back (pending and completed, shared `refundCounts`; not the failed or refused): an
    // offline cash refund counts as soon as it arrives.
    db.query<{ tender: ZRefund['tenders'][number]['type']; amount: string }>(
      `SELECT tender, amount FROM refunds WHERE tenant_id = $1 AND terminal_id = $2 AND status IN ('pending', 'completed') AND seq > $3 AND seq <= $4`,
      [tenantId, terminalId, open.seq, upTo],
    ),
    // Cash in and out, and the drawer opened without a sale (no money: counted and listed).
    db.query<DrawerRow>(
      `SELECT kind, seq, body->>'createdAt' AS at, body->>'direction' AS direction, (body->>'amount')::bigint AS amount,
              staff_id, body->>'approvedBy' AS approved_by
         FROM shift_records
        WHERE tenant_id = $1 AND terminal_id = $2 AND kind IN ('cash-movement', 'no-sale') AND seq > $3 AND seq <= $4 ORDER BY seq`,
      [tenantId, terminalId, open.seq, upTo],
    ),
    db.query<{ staff_id: string }>(
      `SELECT DISTINCT staff_id FROM shift_records WHERE tenant_id = $1 AND shift_id = $2 AND staff_id IS NOT NULL ORDER BY staff_id`,
      [tenantId, shiftId],
    ),
    close ? missingSeqs(db, tenantId, terminalId, open.seq, close.lastSeq) : Promise.resolve([]),
  ]);
  const noSales = drawerRecords.rows.filter((r) => r.kind === 'no-sale');
  const totals = computeZTotals({
    float: open.float,
    sales: sales.rows.filter((s) => saleCountsInShift(s.status)).map(zSaleOf),
    refunds: refunds.rows.map((r) => ({ tenders: [{ type: r.tender, amount: Number(r.amount) }] })),
    movements: drawerRecords.rows
      .filter((r) => r.kind === 'cash-movement')
      .map((r) => ({ direction: r.direction!, amount: Number(r.amount) })),
    noSales: noSales.length,
    counted: close ? close.count.total : null,
  });
  const complete = close !== undefined && missing.length === 0;
  const report: ZReport = {
    shiftId,
    terminalId,
    currency: open.currency,
    status: close === undefined ? 'open' : complete ? 'final' : 'provisional',
    complete,
    zNumber: close?.zNumber ?? null,
    openSeq: open.seq,
    lastSeq: close?.lastSeq ?? null,
    openedAt: open.createdAt,
    closedAt: close?.createdAt ?? null,
    missing,
    totals,
    tillTotals: close?.tillTotals ?? null,
    differences: close ? zTotalsDifferences(close.tillTotals, totals) : [],
    staff: staff.rows.map((r) => r.staff_id),
    closedBy: close?.staffId ?? null,
    closeApprovedBy: close?.approvedBy ?? null,
    noSales: noSales.map((r) => ({ seq: Number(r.seq), at: r.at, staffId: r.staff_id, approvedBy: r.approved_by })),
    issuedAt: null,
  };
  if (!complete) return report;
  return issueFinal(db, tenantId, { ...report, issuedAt: new Date().toISOString() });
}

/** Stores the final report unless one was issued already; answers the one that stands. */
async function issueFinal(db: Queryable, tenantId: string, report: ZReport): Promise<ZReport> {
  const { rows } = await db.query<{ report: ZReport }>(
    `WITH issued AS (
       INSERT INTO z_reports (tenant_id, shift_id, terminal_id, z_number, report, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING report)
     SELECT report FROM issued UNION ALL SELECT report FROM z_reports WHERE tenant_id = $1 AND shift_id = $2`,
    [tenantId, report.shiftId, report.terminalId, report.zNumber, JSON.stringify(report), report.issuedAt],
  );
  return rows[0]?.report ?? report;
}

async function highestReceivedSeq(db: Queryable, tenantId: string, terminalId: string): Promise<number> {
  const { rows } = await db.query<{ last: number | null }>(
    `SELECT max(seq)::bigint AS last FROM (${RECEIVED_SEQS}) r WHERE tenant_id = $1 AND terminal_id = $2`,
    [tenantId, terminalId],
  );
  return Number(rows[0]?.last ?? 0);
}

/** An order row as the Z function reads a sale (the same shape the till hands it: OrderSubmission's). */
function zSaleOf(row: SaleRow): ZSale {
  return {
    total: Number(row.total),
    discount: Number(row.discount),
    lines: row.lines,
    tenders: row.tenders.map((t) =>
      t.type === 'cash'
        ? { type: 'cash', amount: Number(t.amount), received: Number(t.received ?? t.amount) }
        : { type: 'card', amount: Number(t.amount) },
    ),
  };
}
