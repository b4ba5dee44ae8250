/**
 * POS Core's reason when card part k of a sale paid by several cards was declined:
 * `card_part_<k>_declined: <the processor's reason>`. The saga then voided the parts before k (and
 * left nothing standing of the others), so nothing was charged and the cart may be paid again.
 */
export interface CardPartDecline {
  part: number;
  /** The processor's reason, e.g. "insufficient_funds". */
  processorReason: string;
}

const PATTERN = /^card_part_(\d+)_declined: (.*)$/;

/** The declined part a reason names; null for any other reason (a single card is declined with the bare processor reason). */
export function cardPartDecline(reason: string | null): CardPartDecline | null {
  const match = reason === null ? null : PATTERN.exec(reason);
  return match ? { part: Number(match[1]), processorReason: match[2] ?? '' } : null;
}
