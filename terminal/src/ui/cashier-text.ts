/**
 * Everything the till tells the cashier about sales, payments and the connection, in sentences —
 * chosen from codes (sale statuses, the server's reason codes, the HTTP boundary's failure kinds).
 * The codes themselves stay in the data, the diagnostics (Sync screen, "Details") and logs; React
 * components render what this module says and never word a code themselves.
 */
import { formatMoney } from '@pos/shared/money';
import type { TEST_CARD_TOKENS } from '@pos/shared/payment';
import { ApiError, type ApiFailure } from '@pos/till-core/api';
import {
  CardCancelFailed,
  type CardPartDecline,
  CardPaymentRefused,
  cardPartDecline,
  cartTotals,
  InvalidOrderError,
  StoreCurrencyUnknown,
} from '@pos/till-core/checkout';
import type { SaleRecord, SaleStatus } from '@pos/till-core/outbox';
import { isRevocation } from '@pos/till-core/pairing';
import type { ParkedCart } from '@pos/till-core/parked';
import { NoOpenShiftError } from '@pos/till-core/shift';

/** Each status in a word or two, as the cashier reads it (the code stays in `data-status`). */
export const STATUS_LABEL: Record<SaleStatus, string> = {
  queued: 'Not sent yet',
  sending: 'Sending…',
  pending: 'Processing',
  confirmed: 'Confirmed',
  declined: 'Declined',
  rejected: 'Not accepted',
  cancelled: 'Cancelled',
  needs_attention: 'Needs attention',
};

/** What each status means to the cashier. Only 'confirmed' says the server has it (G4). */
export const STATUS_EXPLANATION: Record<SaleStatus, string> = {
  queued: 'Saved on this till; will be sent when the server is reachable.',
  sending: 'Being sent to the server…',
  pending: 'The server has it and is still processing it.',
  confirmed: 'Confirmed by the server.',
  declined: 'The card was declined.',
  rejected: 'The server rejected the sale.',
  cancelled: 'Cancelled.',
  needs_attention: 'The server refused this sale; a manager must look at it.',
};

const ANOTHER_PAYMENT = 'Ask for another card or take cash.';

/** The server's reason codes for a final status (POS Core's saga), by prefix where they carry a detail. */
const REASON_SENTENCES: readonly [test: (code: string) => boolean, sentence: string][] = [
  [(c) => c === 'insufficient_funds', `The card was declined: not enough funds. ${ANOTHER_PAYMENT}`],
  [(c) => c === 'card_declined', `The card was declined. ${ANOTHER_PAYMENT}`],
  [(c) => c === 'capture_failed' || c.startsWith('payment_'), `The card payment did not go through; nothing was taken. ${ANOTHER_PAYMENT}`],
  [(c) => c === 'insufficient_stock', 'Not enough stock for this sale, so the server did not accept it. Nothing was charged.'],
  [
    (c) => c === 'reservation_released' || c === 'reservation_lost' || c.startsWith('inventory_'),
    'The items could not be held for this sale, so it did not go through. Nothing was charged.',
  ],
  [(c) => c === 'cancelled', 'The sale was cancelled; any card payment was returned.'],
];

/** A sale paid by several cards whose part k was declined: which part, and that the parts before it were voided. */
function cardPartDeclinedSentence({ part, processorReason }: CardPartDecline): string {
  const why = processorReason === 'insufficient_funds' ? ': not enough funds' : '';
  const voided =
    part === 1 ? 'Nothing was charged.' : `Card part${part > 2 ? `s 1–${part - 1} were` : ' 1 was'} voided: nothing was charged.`;
  return `Card part ${part} was declined${why}. ${voided} ${ANOTHER_PAYMENT}`;
}

const FALLBACK_BY_STATUS: Partial<Record<SaleStatus, string>> = {
  declined: `The card was declined. ${ANOTHER_PAYMENT}`,
  rejected: 'The server did not accept this sale. Nothing was charged.',
  cancelled: 'The sale was cancelled; any card payment was returned.',
  needs_attention: STATUS_EXPLANATION.needs_attention,
};

/**
 * Why a sale ended as it did (declined, rejected, cancelled, needs attention), in a sentence; null
 * when its status needs no explanation. A needs-attention reason is the server's validation detail:
 * it is for the manager's diagnostics, not a sentence for the cashier.
 */
export function saleOutcomeSentence(status: SaleStatus, reason: string | null): string | null {
  if (status === 'needs_attention') return FALLBACK_BY_STATUS.needs_attention ?? null;
  if (status !== 'declined' && status !== 'rejected' && status !== 'cancelled') return null;
  const partDeclined = status === 'declined' ? cardPartDecline(reason) : null;
  if (partDeclined) return cardPartDeclinedSentence(partDeclined);
  const known = reason === null ? undefined : REASON_SENTENCES.find(([test]) => test(reason));
  return known?.[1] ?? FALLBACK_BY_STATUS[status] ?? null;
}

/** What a failed attempt was about, so the consequence can be told with it. */
export type FailureSubject = 'sale' | 'card' | 'catalogue' | 'cancel';

const CONSEQUENCE: Record<FailureSubject, { retried: string; refused: string }> = {
  sale: { retried: 'the sale is kept and will be sent automatically.', refused: 'the sale is kept; a manager must look at it.' },
  card: {
    retried: "the payment's outcome is not known yet.",
    refused: 'the card payment was refused; a manager must look at it.',
  },
  catalogue: {
    retried: 'the till keeps selling from its saved catalogue and tries again.',
    refused: 'the till keeps selling from its saved catalogue.',
  },
  cancel: { retried: 'the payment is not cancelled yet; try again in a moment.', refused: 'the payment could not be cancelled.' },
};

/** A failed request in a sentence: what went wrong, as a person would say it, and what happens now. */
export function failureSentence(failure: ApiFailure, subject: FailureSubject): string {
  const { retried, refused } = CONSEQUENCE[subject];
  const server = subject === 'catalogue' ? 'the stock server' : 'the store server';
  switch (failure.kind) {
    case 'network':
      return `Can't reach ${server} — ${retried}`;
    case 'unauthorized':
      return isRevocation(failure.problem)
        ? 'This till was revoked by the store manager — nothing more is sent; every sale is kept.'
        : `${capitalise(server)} did not accept this till's key — every sale is kept; the till is trying again.`;
    case 'invalid_response':
      return `${capitalise(server)} gave an answer the till did not understand — ${retried}`;
    case 'permanent':
      return `${capitalise(server)} refused this — ${refused}`;
    case 'retryable':
      // POS Core's 503 means it recorded nothing (DESIGN §4): no money moved.
      if (subject === 'card' && failure.status === 503)
        return "Card payments can't be started right now, so the card has not been charged.";
      if (failure.status === 429) return `${capitalise(server)} is busy — ${retried}`;
      if (failure.status === 409) return `${capitalise(server)} is still working on this — ${retried}`;
      return `${capitalise(server)} is having trouble — ${retried}`;
  }
}

/** What is wrong with a recorded sale right now, in a sentence; null when nothing is. */
export function saleProblemSentence(sale: Pick<SaleRecord, 'status' | 'reason' | 'kind' | 'lastFailure' | 'lastError'>): string | null {
  const outcome = saleOutcomeSentence(sale.status, sale.reason);
  if (outcome) return outcome;
  if (sale.status !== 'queued' && sale.status !== 'sending') return null;
  if (sale.lastFailure) return failureSentence(sale.lastFailure, sale.kind === 'card' ? 'card' : 'sale');
  // A row recorded before failures were classified: only its diagnostic words exist.
  return sale.lastError ? 'The last attempt to send it failed — the sale is kept and will be sent automatically.' : null;
}

/** What the sale's status means, unless its problem sentence already tells the outcome (declined, rejected…). */
export function statusExplanation(sale: Pick<SaleRecord, 'status' | 'reason'>): string | null {
  return saleOutcomeSentence(sale.status, sale.reason) ? null : STATUS_EXPLANATION[sale.status];
}

/** The diagnostic behind a sale's sentence (codes and server words), for "Details"; null when there is none. */
export function saleDiagnostic(sale: Pick<SaleRecord, 'status' | 'reason' | 'lastError'>): string | null {
  const parts = [sale.reason, sale.status === 'queued' || sale.status === 'sending' ? sale.lastError : null].filter(
    (part): part is string => Boolean(part),
  );
  return parts.length > 0 ? parts.join(' · ') : null;
}

/**
 * Whether the sale was made while the till was offline: recorded as offline, or — a cash sale — found
 * the server unreachable when it was sent (it was then in fact made in the outage, before the till
 * noticed). A card payment is only ever taken online; a broken answer does not make it an offline sale.
 */
export const madeOffline = (sale: Pick<SaleRecord, 'kind' | 'order' | 'sentOffline'>): boolean =>
  sale.order.captureMode === 'offline' || (sale.kind === 'cash' && sale.sentOffline === true);

/** "Cash", "Card (sold offline)", "Cash (imported from demo-till-2)"… */
export function paymentLabel(sale: Pick<SaleRecord, 'kind' | 'order' | 'sentOffline' | 'importedAt'>): string {
  const kind = sale.kind === 'cash' ? 'Cash' : 'Card';
  const notes = [madeOffline(sale) ? 'sold offline' : null, sale.importedAt ? `imported from ${sale.order.terminalId}` : null].filter(
    Boolean,
  );
  return notes.length > 0 ? `${kind} (${notes.join(', ')})` : kind;
}

/** "3 sales not sent yet · oldest 2 min ago"; null when none waits. */
export function unsentSummary(count: number, oldestAt: string | null, nowMs: number): string | null {
  if (count <= 0) return null;
  const head = count === 1 ? '1 sale not sent yet' : `${count} sales not sent yet`;
  return oldestAt ? `${head} · oldest ${agoText(nowMs - Date.parse(oldestAt))}` : head;
}

/** A past duration as a cashier reads it: "just now", "40 s ago", "2 min ago", "1 h 5 min ago". */
export function agoText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h ago` : `${hours} h ${minutes % 60} min ago`;
}

/** The simulated card reader's test cards, named for what they do (the token stays the option's value). */
export const TEST_CARD_LABELS: Record<keyof typeof TEST_CARD_TOKENS, string> = {
  approve: 'Test card — pays',
  decline: 'Test card — declined',
  insufficientFunds: 'Test card — not enough funds',
  processorTimeout: "Test card — the bank doesn't answer",
  processorError: 'Test card — the bank fails',
};

/** What the Sell screen says after a card sale ended without being paid (the cart stays for another payment). */
export function cardNotPaidNotice(status: SaleStatus, reason: string | null): string {
  return saleOutcomeSentence(status, reason) ?? `The card payment did not go through. ${ANOTHER_PAYMENT}`;
}

/** A sentence for the cashier with the technical words behind it (for "Details"), or null. */
export interface CashierMessage {
  sentence: string;
  diagnostic: string | null;
}

/** Any error a cashier's action ended with, as a sentence; the error's own words become the diagnostic. */
export function errorMessage(error: unknown, subject: FailureSubject): CashierMessage {
  const diagnostic = error instanceof Error ? error.message : String(error);
  // Already worded for the cashier by the checkout.
  if (error instanceof CardPaymentRefused || error instanceof StoreCurrencyUnknown || error instanceof NoOpenShiftError) {
    return { sentence: error.message, diagnostic: null };
  }
  if (error instanceof CardCancelFailed) return { sentence: failureSentence(error.failure, 'cancel'), diagnostic };
  if (error instanceof ApiError) return { sentence: failureSentence(error.failure, subject), diagnostic };
  if (error instanceof InvalidOrderError) {
    return { sentence: 'This sale cannot be recorded as it is (a price or quantity is out of range). Check the cart.', diagnostic };
  }
  return { sentence: 'Something went wrong on this till and the sale was not recorded. Try again.', diagnostic };
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A parked cart in a few words: "2× Espresso, 1× Croissant — €6.80". */
export const parkedCartSummary = (parked: Pick<ParkedCart, 'cart'>, currency: string | undefined): string =>
  `${parked.cart.lines.map((l) => `${l.quantity}× ${l.name}`).join(', ')} — ${formatMoney(cartTotals(parked.cart).total, currency)}`;

/** What the cashier is told when parked carts passed the store's expiry and were dropped. */
export function parkedCartsExpiredNotice(expired: readonly Pick<ParkedCart, 'cart'>[], currency: string | undefined): string {
  const what = expired.map((p) => parkedCartSummary(p, currency)).join('; ');
  return expired.length === 1
    ? `A parked cart was kept too long and has been dropped: ${what}.`
    : `${expired.length} parked carts were kept too long and have been dropped: ${what}.`;
}
