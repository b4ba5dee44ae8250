/**
 * Making a refund at the till (issue #14): checked here against what remains refundable (refund-source.ts)
 * and the tender rules, then recorded in the outbox as one `refund` record (its own id, the till's next
 * seq) and sent by the SyncEngine like every record (DESIGN §7):
 *
 *   cash, online  ─▶ recorded, sent now; POS Core has the last word (another till may have refunded first)
 *   cash, offline ─▶ a fact: recorded, synced later — only up to the store's offline refund limit
 *   card          ─▶ needs POS Core (CP): refused here while it cannot be reached; the money goes back to the
 *                    original card through POS Core's saga, shown as done only once the server says so
 */
import { uuidv7 } from '@pos/shared/ids';
import { formatMoney } from '@pos/shared/money';
import { type RefundSubmission, type RefundTender, refundSubmission } from '@pos/shared/refund';
import { priceRefund, refundAmount } from '@pos/shared/refund-amounts';
import type { TillDatabase } from '../db/till-database.ts';
import { recordRefund } from '../outbox/record-refund.ts';
import type { RefundRecord } from '../outbox/refund-record.ts';
import type { RefundSource } from './refund-source.ts';

export interface RefundChoice {
  /** Units to refund per line (lines with 0 are left out). */
  lines: { lineNo: number; quantity: number; restock: boolean }[];
  reason: string;
  tender: RefundTender;
}

export interface RefundCheck {
  /** What the chosen lines paid (the shared computation POS Core runs too). */
  amount: number;
  /** Why the till cannot make this refund now, in the cashier's words; null when it can. */
  problem: string | null;
}

export class RefundRefused extends Error {
  override name = 'RefundRefused';
}

const chosen = (choice: RefundChoice) => choice.lines.filter((l) => l.quantity > 0);

/** The amount and whether this till may make the refund now (`online`: POS Core reachable; `offlineLimit`: the store's, minor units). */
export function checkRefund(source: RefundSource, choice: RefundChoice, online: boolean, offlineLimit: number | undefined): RefundCheck {
  const lines = chosen(choice);
  const sold = source.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity, total: l.total }));
  const earlier = [
    source.refundable.map((r) => ({ lineNo: r.lineNo, quantity: (sold.find((s) => s.lineNo === r.lineNo)?.quantity ?? 0) - r.quantity })),
  ];
  const priced = priceRefund(sold, earlier, lines);
  const amount = refundAmount(priced);
  const money = (minor: number) => formatMoney(minor, source.currency);
  const problem = (() => {
    if (lines.length === 0) return 'Choose what comes back.';
    if (priced.some((l) => l.excess > 0)) return 'That is more than remains to refund of this sale.';
    if (choice.reason.trim() === '') return 'Give a reason.';
    if (choice.tender === 'card') {
      if (!source.paidByCard) return 'This sale was not paid by card: refund it in cash.';
      if (!online) return 'Card refunds need the network, and the store server cannot be reached. Refund in cash or wait.';
    }
    if (online && !source.confirmed) return 'This sale is not confirmed yet; it can be refunded once it is.';
    if (!online && choice.tender === 'cash' && amount > (offlineLimit ?? 0)) {
      return `Offline, a cash refund may be at most ${money(offlineLimit ?? 0)}.`;
    }
    return null;
  })();
  return { amount, problem };
}

/** Records the refund (checkRefund must have passed); the SyncEngine sends it. Returns the outbox record. */
export async function makeRefund(
  db: TillDatabase,
  input: {
    source: RefundSource;
    choice: RefundChoice;
    terminalId: string;
    online: boolean;
    offlineLimit: number | undefined;
    /** The signed-in staff member and an override's approver (the staff feature fills them; absent until then). */
    staffId?: string;
    approvedBy?: string;
    now?: Date;
  },
): Promise<RefundRecord> {
  const check = checkRefund(input.source, input.choice, input.online, input.offlineLimit);
  if (check.problem) throw new RefundRefused(check.problem);
  const now = input.now ?? new Date();
  const id = uuidv7(now.getTime());
  const lines = chosen(input.choice);
  const nameOf = new Map(input.source.lines.map((l) => [l.lineNo, l.name]));
  return recordRefund(db, {
    currency: input.source.currency,
    lineNames: lines.map((l) => nameOf.get(l.lineNo) ?? String(l.lineNo)),
    now,
    build: ({ seq, lamport, staffId }): RefundSubmission =>
      refundSubmission.parse({
        id,
        terminalId: input.terminalId,
        seq,
        createdAt: now.toISOString(),
        lamport,
        orderId: input.source.orderId,
        captureMode: input.online ? 'online' : 'offline',
        reason: input.choice.reason.trim(),
        lines,
        tender: input.choice.tender,
        amount: check.amount,
        ...((input.staffId ?? staffId) ? { staffId: input.staffId ?? staffId } : {}),
        ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}),
      }),
  });
}
