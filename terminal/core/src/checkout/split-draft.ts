/**
 * The split screen's arithmetic (issue #18): what the cashier typed — card parts (an amount and the
 * simulated reader's token each, at most LIMITS.maxCardParts) and the cash handed over — read into the
 * SplitPayment to charge, with the cash due for the rest (cash rounded), or the reason it cannot be
 * charged yet. The panel renders this and keeps only the typed text.
 */
import { LIMITS } from '@pos/shared/limits';
import { parseAmount } from '@pos/shared/money';
import type { PricingSettings } from '@pos/shared/pricing/pricing-settings';
import { type SplitPayment, tendersFor } from './build-order.ts';

export const MAX_CARD_PARTS = LIMITS.maxCardParts;

export interface CardPartInput {
  amountText: string;
  cardToken: string;
}

export interface SplitDraft {
  /** The card parts' total, of the parts whose amount reads as money. */
  cardPaid: number;
  /** The rest after the card parts, before cash rounding, and the cash due for it (rounded). */
  rest: number;
  cashDue: number;
  /** Why it cannot be charged as typed (null: it can); shown under the form. */
  problem: string | null;
  /** What to charge: the card parts in order, part 1 first, and the cash received. Null until it can be charged. */
  payment: SplitPayment | null;
}

export function readSplit(input: {
  total: number;
  pricing: PricingSettings;
  cards: readonly CardPartInput[];
  cashText: string;
}): SplitDraft {
  const { total, pricing } = input;
  const amounts = input.cards.map((c) => parseAmount(c.amountText));
  const cards = input.cards.flatMap((c, i) => {
    const amount = amounts[i];
    return amount !== null && amount !== undefined && amount > 0 ? [{ amount, cardToken: c.cardToken }] : [];
  });
  const cardPaid = cards.reduce((sum, c) => sum + c.amount, 0);
  const rest = Math.max(0, total - cardPaid);
  const cashDue =
    cardPaid > total
      ? 0
      : (tendersFor({ type: 'split', cards, cashReceived: 0 }, total, pricing).tenders.find((t) => t.type === 'cash')?.amount ?? 0);
  const received = cashDue === 0 ? 0 : parseAmount(input.cashText);
  const unreadable = amounts.findIndex((a) => a === null || a <= 0);
  const problem =
    input.cards.length === 0
      ? 'Add a card part.'
      : input.cards.length > MAX_CARD_PARTS
        ? `At most ${MAX_CARD_PARTS} card parts per sale.`
        : unreadable >= 0
          ? `Enter the amount of card part ${unreadable + 1}.`
          : cardPaid > total
            ? 'The card parts add up to more than the total.'
            : received === null || received < cashDue
              ? 'Enter the cash received for the rest.'
              : null;
  return {
    cardPaid,
    rest,
    cashDue,
    problem,
    payment: problem === null ? { type: 'split', cards, cashReceived: received ?? 0 } : null,
  };
}
