/**
 * A card processor that answers by the test card token (DESIGN §4, TEST_CARD_TOKENS):
 *   tok_visa                approved
 *   tok_declined            declined, "card_declined"
 *   tok_insufficient_funds  declined, "insufficient_funds"
 *   tok_processor_timeout   never answers: waits until the caller's signal aborts, then rejects
 *   tok_processor_error     fails like a 5xx
 *   any other token         declined, "unknown_token"
 * It holds no funds and keeps no state, so a retry with the same reference gets the same outcome.
 */
import { uuidv7 } from '@pos/shared/ids';
import { TEST_CARD_TOKENS } from '@pos/shared/payment';
import { type Authorization, type AuthorizationRequest, type CardProcessor, ProcessorUnavailable } from './card-processor.ts';

const DECLINES: Readonly<Record<string, string>> = {
  [TEST_CARD_TOKENS.decline]: 'card_declined',
  [TEST_CARD_TOKENS.insufficientFunds]: 'insufficient_funds',
};

/** Settles only when `signal` aborts: the simulated processor's "no answer". Leaves no timer or listener behind. */
function noAnswer(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new ProcessorUnavailable('timeout', 'the processor did not answer'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

export function simulatedProcessor(): CardProcessor {
  return {
    async authorize(request: AuthorizationRequest, signal: AbortSignal): Promise<Authorization> {
      const processorRef = `sim_${uuidv7()}`;
      switch (request.cardToken) {
        case TEST_CARD_TOKENS.approve:
          return { outcome: 'approved', processorRef, cardBrand: 'visa' };
        case TEST_CARD_TOKENS.processorTimeout:
          return noAnswer(signal);
        case TEST_CARD_TOKENS.processorError:
          throw new ProcessorUnavailable('error', 'the processor answered 502');
        default:
          return { outcome: 'declined', processorRef, declineReason: DECLINES[request.cardToken] ?? 'unknown_token' };
      }
    },
  };
}
