import type { ApiFailure } from '@pos/till-core/api';
import { ApiError } from '@pos/till-core/api';
import { CardPaymentRefused } from '@pos/till-core/checkout';
import { describe, expect, it } from 'vitest';
import {
  agoText,
  errorMessage,
  failureSentence,
  paymentLabel,
  STATUS_LABEL,
  saleOutcomeSentence,
  saleProblemSentence,
  unsentSummary,
} from './cashier-text.ts';

const problem = (status: number, detail?: string) => ({
  type: 'about:blank',
  title: `HTTP ${status}`,
  status,
  ...(detail ? { detail } : {}),
});
const FAILURES: ApiFailure[] = [
  { kind: 'network', message: 'Failed to fetch' },
  { kind: 'retryable', status: 503, retryAfterSeconds: 2, problem: problem(503, 'Payment is not reachable; the order was not recorded.') },
  { kind: 'retryable', status: 429, retryAfterSeconds: null, problem: null },
  { kind: 'retryable', status: 409, retryAfterSeconds: 1, problem: null },
  { kind: 'permanent', status: 422, problem: problem(422, 'lines.0.quantity: Too big') },
  { kind: 'unauthorized', status: 401, problem: null },
  { kind: 'invalid_response', status: 200, message: 'schema mismatch' },
];
/** Words that are codes or the machinery's, never a cashier's. */
const TECHNICAL = /Failed to fetch|network|HTTP|\b\d{3}\b|schema|unauthorized|_/;

describe("the cashier's sentences", () => {
  it('when a request failed in any way, then the cashier reads a sentence without codes, for every subject', () => {
    for (const failure of FAILURES) {
      for (const subject of ['sale', 'card', 'catalogue', 'cancel'] as const) {
        const sentence = failureSentence(failure, subject);
        expect(sentence, `${failure.kind} for ${subject}`).not.toMatch(TECHNICAL);
        expect(sentence).toMatch(/^[A-Z].*\.$/);
      }
    }
    expect(failureSentence(FAILURES[0]!, 'sale')).toBe("Can't reach the store server — the sale is kept and will be sent automatically.");
  });

  it('when a status is shown, then it is in words, not its code', () => {
    for (const label of Object.values(STATUS_LABEL)) expect(label).not.toMatch(/_|^[a-z]/);
  });

  it('when the server gives a reason code for a final status, then it is told as what happened and what to do', () => {
    expect(saleOutcomeSentence('declined', 'card_declined')).toBe('The card was declined. Ask for another card or take cash.');
    expect(saleOutcomeSentence('declined', 'insufficient_funds')).toContain('not enough funds');
    expect(saleOutcomeSentence('rejected', 'insufficient_stock')).toContain('Not enough stock');
    expect(saleOutcomeSentence('declined', 'payment_refused_422')).toContain('did not go through');
    expect(saleOutcomeSentence('rejected', 'inventory_refused_409')).toContain('could not be held');
    // An unknown code still gets a sentence for its status, never the code.
    expect(saleOutcomeSentence('declined', 'something_new')).toBe('The card was declined. Ask for another card or take cash.');
    expect(saleOutcomeSentence('needs_attention', 'lines.0: bad')).not.toContain('lines.0');
    expect(saleOutcomeSentence('confirmed', null)).toBeNull();
  });

  it('when a later card part of a split sale was declined, then the sentence names the part and says the earlier parts were voided', () => {
    expect(saleOutcomeSentence('declined', 'card_part_2_declined: insufficient_funds')).toBe(
      'Card part 2 was declined: not enough funds. Card part 1 was voided: nothing was charged. Ask for another card or take cash.',
    );
    expect(saleOutcomeSentence('declined', 'card_part_3_declined: card_declined')).toBe(
      'Card part 3 was declined. Card parts 1–2 were voided: nothing was charged. Ask for another card or take cash.',
    );
    expect(saleOutcomeSentence('declined', 'card_part_1_declined: card_declined')).toBe(
      'Card part 1 was declined. Nothing was charged. Ask for another card or take cash.',
    );
  });

  it('when a sale waits after a failed attempt, then its problem is the failure in a sentence; once answered, there is none', () => {
    const waiting = {
      status: 'queued' as const,
      reason: null,
      kind: 'cash' as const,
      lastFailure: FAILURES[0]!,
      lastError: 'network: Failed to fetch',
    };
    expect(saleProblemSentence(waiting)).toBe("Can't reach the store server — the sale is kept and will be sent automatically.");
    expect(saleProblemSentence({ ...waiting, status: 'confirmed', lastFailure: null, lastError: null })).toBeNull();
    // A row from before failures were classified has only its diagnostic words: still a sentence.
    expect(saleProblemSentence({ ...waiting, lastFailure: undefined })).not.toMatch(TECHNICAL);
  });

  it('when an error ends a cashier action, then the sentence hides the error words and keeps them as the diagnostic', () => {
    const network = errorMessage(new ApiError(FAILURES[0]!), 'card');
    expect(network.sentence).not.toMatch(TECHNICAL);
    expect(network.diagnostic).toBe('network: Failed to fetch');
    expect(errorMessage(new CardPaymentRefused('Wait for the card payment.'), 'card')).toEqual({
      sentence: 'Wait for the card payment.',
      diagnostic: null,
    });
    expect(errorMessage(new Error('QuotaExceededError'), 'sale').sentence).not.toContain('Quota');
  });

  it('when sales wait, then the summary says how many and how long the oldest has waited', () => {
    const now = Date.parse('2026-11-29T12:00:00.000Z');
    expect(unsentSummary(0, null, now)).toBeNull();
    expect(unsentSummary(1, '2026-11-29T11:59:58.000Z', now)).toBe('1 sale not sent yet · oldest just now');
    expect(unsentSummary(5, '2026-11-29T11:57:30.000Z', now)).toBe('5 sales not sent yet · oldest 2 min ago');
    expect(agoText(42_000)).toBe('42 s ago');
    expect(agoText(65 * 60_000)).toBe('1 h 5 min ago');
    expect(agoText(2 * 60 * 60_000)).toBe('2 h ago');
  });

  it('when a sale was made offline or its first send found the server gone, then it is labelled sold offline either way', () => {
    const order = (captureMode: 'online' | 'offline') => ({ captureMode, terminalId: 'till-2' }) as never;
    expect(paymentLabel({ kind: 'cash', order: order('online') })).toBe('Cash');
    expect(paymentLabel({ kind: 'cash', order: order('offline') })).toBe('Cash (sold offline)');
    expect(paymentLabel({ kind: 'cash', order: order('online'), sentOffline: true })).toBe('Cash (sold offline)');
    expect(paymentLabel({ kind: 'card', order: order('online'), importedAt: 'x' })).toBe('Card (imported from till-2)');
    // A card is charged online only: an answer lost in an outage does not make it an offline sale.
    expect(paymentLabel({ kind: 'card', order: order('online'), sentOffline: true })).toBe('Card');
  });
});
