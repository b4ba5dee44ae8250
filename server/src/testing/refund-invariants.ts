/**
 * The refund invariants (DESIGN §7, issue #14) over the three services' databases, part of every
 * checkInvariants run:
 *
 *   G2  net captured per order = captured − refunded ≥ 0 (that a confirmed sale's card got back exactly what its
 *       completed card refunds gave is checked with the payments in invariants.ts)
 *   G3  the refunded quantity of a line never exceeds what was sold, except by offline refunds flagged
 *       as a discrepancy; every restocked line of a completed saga returned to stock exactly once
 */
import type { InvariantPools, Violation } from './invariants.ts';

export async function checkRefundInvariants(pools: InvariantPools, fail: (guarantee: Violation['guarantee'], message: string) => void) {
  const { rows: payments } = await pools.payment.query<{ tenant_id: string; order_id: string; captured: number; refunded: number }>(
    `SELECT tenant_id, order_id, captured_amount AS captured, refunded_amount AS refunded FROM payments`,
  );
  for (const p of payments) {
    const net = Number(p.captured) - Number(p.refunded);
    if (net < 0) fail('G2', `order ${p.order_id}: refunded ${p.refunded} of ${p.captured} captured (net ${net})`);
  }

  const { rows: lines } = await pools.posCore.query<{ order_id: string; line_no: number; sold: number; refunded: number }>(
    `SELECT l.order_id, l.line_no, l.quantity AS sold, sum(rl.quantity)::int AS refunded
       FROM order_lines l
       JOIN refunds r ON r.tenant_id = l.tenant_id AND r.order_id = l.order_id AND r.status IN ('pending', 'completed') AND r.discrepancy IS NULL
       JOIN refund_lines rl ON rl.tenant_id = r.tenant_id AND rl.refund_id = r.id AND rl.line_no = l.line_no
      GROUP BY l.order_id, l.line_no, l.quantity HAVING sum(rl.quantity) > l.quantity`,
  );
  for (const l of lines) fail('G3', `order ${l.order_id} line ${l.line_no}: refunded ${l.refunded} of ${l.sold} sold, unflagged`);

  const { rows: restocked } = await pools.posCore.query<{ id: string; line_no: number; quantity: number }>(
    `SELECT r.id, rl.line_no, rl.quantity FROM refunds r JOIN refund_lines rl ON rl.tenant_id = r.tenant_id AND rl.refund_id = r.id
      WHERE r.saga_state = 'done' AND r.status = 'completed' AND rl.restock`,
  );
  if (restocked.length === 0) return;
  const { rows: returns } = await pools.inventory.query<{ refund_id: string; line_no: number; quantity: number; n: number }>(
    `SELECT refund_id, line_no, sum(quantity)::int AS quantity, count(*)::int AS n FROM stock_movements
      WHERE kind = 'return' AND refund_id = ANY($1) GROUP BY refund_id, line_no`,
    [[...new Set(restocked.map((r) => r.id))]],
  );
  const returned = new Map(returns.map((r) => [`${r.refund_id}#${r.line_no}`, r]));
  for (const r of restocked) {
    const back = returned.get(`${r.id}#${r.line_no}`);
    if (back?.n !== 1 || back.quantity !== r.quantity) {
      fail(
        'G3',
        `refund ${r.id} line ${r.line_no}: ${r.quantity} to restock, returned ${back ? `${back.quantity} in ${back.n} movements` : 'never'}`,
      );
    }
  }
}
