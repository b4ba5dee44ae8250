/**
 * For tests: well-formed orders of the demo till against the demo catalogue. Each call takes the next
 * sequence number of a counter shared by the test file, so orders never collide on (terminal, seq).
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { uuidv7 } from '@pos/shared/ids';
import type { OrderSubmission } from '@pos/shared/order';

/** Demo products (inventory/domain/demo-catalog.ts): plenty in stock, and the 10-unit mug. */
export const ESPRESSO = { productId: 'p-espresso', unitPrice: 250, taxRateBps: 1900 };
export const CROISSANT = { productId: 'p-croissant', unitPrice: 180, taxRateBps: 700 };
export const MUG = { productId: 'p-limited-edition-mug', unitPrice: 1590, taxRateBps: 1900 };

/** `total` paid by one card part per token: split evenly, the last part taking the remainder. */
export function cardPartsOf(total: number, cardTokens: readonly string[]): { amount: number; cardToken: string }[] {
  const each = Math.floor(total / cardTokens.length);
  return cardTokens.map((cardToken, i) => ({ amount: i === cardTokens.length - 1 ? total - each * i : each, cardToken }));
}

export interface OrderFactory {
  cash(lines?: { product?: typeof ESPRESSO; quantity?: number }[], overrides?: Partial<OrderSubmission>): OrderSubmission;
  card(
    cardToken?: string,
    lines?: { product?: typeof ESPRESSO; quantity?: number }[],
    overrides?: Partial<OrderSubmission>,
  ): OrderSubmission;
  /** An online sale paid by one card part per token: the total split evenly, the last part taking the remainder. */
  cards(
    cardTokens: string[],
    lines?: { product?: typeof ESPRESSO; quantity?: number }[],
    overrides?: Partial<OrderSubmission>,
  ): OrderSubmission;
}

export function orderFactory(terminalId = DEMO_TERMINAL_ID, firstSeq = 1): OrderFactory {
  let seq = firstSeq - 1;
  const build = (
    lines: { product?: typeof ESPRESSO; quantity?: number }[],
    tender: (total: number) => OrderSubmission['tenders'],
    overrides: Partial<OrderSubmission>,
  ) => {
    const orderLines = lines.map((l) => {
      const p = l.product ?? ESPRESSO;
      return { productId: p.productId, quantity: l.quantity ?? 1, unitPrice: p.unitPrice, taxRateBps: p.taxRateBps };
    });
    const total = orderLines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    seq += 1;
    return {
      id: uuidv7(),
      terminalId,
      seq,
      createdAt: new Date().toISOString(),
      lamport: seq,
      captureMode: 'offline' as const,
      currency: 'EUR',
      priceListVersion: 1,
      lines: orderLines,
      tenders: tender(total),
      total,
      ...overrides,
    };
  };
  return {
    cash: (lines = [{}], overrides = {}) => build(lines, (total) => [{ type: 'cash', amount: total, received: total }], overrides),
    card: (cardToken = 'tok_visa', lines = [{}], overrides = {}) =>
      build(lines, (total) => [{ type: 'card', amount: total, cardToken }], { captureMode: 'online', ...overrides }),
    cards: (cardTokens, lines = [{}], overrides = {}) =>
      build(lines, (total) => cardPartsOf(total, cardTokens).map((part) => ({ type: 'card' as const, ...part })), {
        captureMode: 'online',
        ...overrides,
      }),
  };
}
