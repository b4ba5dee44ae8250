/**
 * Business checks on a well-formed order that a schema cannot express: the till and POS Core run
 * the same rules, so a sale the till accepts is never refused for arithmetic by the server.
 */

import { LIMITS } from './limits.ts';
import type { OrderSubmission } from './order.ts';
import { orderTotals } from './pricing/order-totals.ts';

export interface RuleViolation {
  path: string;
  message: string;
}

export function checkOrderRules(order: OrderSubmission): RuleViolation[] {
  const problems: RuleViolation[] = [];
  (order.discounts ?? []).forEach((d, i) => {
    if (d.line !== undefined && d.line >= order.lines.length) {
      problems.push({ path: `discounts.${i}.line`, message: `the order has no line ${d.line} (it has ${order.lines.length})` });
    }
  });
  const totals = orderTotals(order);
  if (order.total !== totals.total) {
    problems.push({ path: 'total', message: `total ${order.total} does not equal the priced lines ${totals.total}` });
  }
  const cashRounding = order.cashRounding ?? 0;
  if (cashRounding !== totals.cashRounding) {
    problems.push({
      path: 'cashRounding',
      message: `cash rounding ${cashRounding} is not the ${totals.cashRounding} the cash part calls for`,
    });
  }
  const tendered = order.tenders.reduce((sum, t) => sum + t.amount, 0);
  if (tendered !== order.total + cashRounding) {
    problems.push({
      path: 'tenders',
      message: `tenders add up to ${tendered}, the total with cash rounding is ${order.total + cashRounding}`,
    });
  }
  order.tenders.forEach((t, i) => {
    if (t.type === 'cash' && t.received < t.amount) {
      problems.push({ path: `tenders.${i}.received`, message: `cash received ${t.received} is less than the amount ${t.amount}` });
    }
  });
  // Card part k is the k-th card tender (Payment keys a payment per order and part): several parts each carry money.
  const cards = order.tenders.filter((t) => t.type === 'card');
  if (cards.length > LIMITS.maxCardParts) {
    problems.push({ path: 'tenders', message: `at most ${LIMITS.maxCardParts} card parts per order (it has ${cards.length})` });
  }
  if (cards.length > 1) {
    order.tenders.forEach((t, i) => {
      if (t.type === 'card' && t.amount === 0)
        problems.push({ path: `tenders.${i}.amount`, message: 'a card part of a split sale must be more than 0' });
    });
  }
  if (cards.length > 0 && order.captureMode === 'offline') {
    problems.push({ path: 'captureMode', message: 'a card cannot be charged offline: card sales are online only' });
  }
  return problems;
}
