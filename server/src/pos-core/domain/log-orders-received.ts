/**
 * One log line per sale POS Core recorded just now (issue #19 §4): the first server-side line of its
 * timeline in `pnpm trace`, naming the till, its sequence number and the till's Lamport time (which
 * the recording observed, so every later line of the sale orders after the till's own).
 */
import type { OrderSubmission } from '@pos/shared/order';
import type { Logger } from '../../common/logger.ts';

export function logOrdersReceived(logger: Logger, orders: readonly OrderSubmission[]): void {
  for (const o of orders) {
    logger.info(
      { orderId: o.id, correlationId: o.id, terminalId: o.terminalId, seq: o.seq, tillLamport: o.lamport, captureMode: o.captureMode },
      'order received',
    );
  }
}
