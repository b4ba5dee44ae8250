/**
 * The card processor, as the payment domain sees it: one call that authorizes an amount on a card
 * token. The domain never learns which processor answers (the simulated one in this project).
 *
 * Contract of an adapter:
 * - `authorize` answers `approved` or `declined` (a business outcome, recorded as such), or throws
 *   when it cannot say: no answer in time, a 5xx, a network error. A throw means "nothing is known
 *   to have happened", and the caller records nothing.
 * - `signal` aborts the call; an adapter stops waiting and rejects when it fires.
 * - `reference` is the same for every attempt at one order's authorization; a real adapter sends it
 *   as the processor's idempotency key, so a retry after a lost answer never places a second hold.
 */

export interface AuthorizationRequest {
  reference: string;
  /** Integer minor units. */
  amount: number;
  currency: string;
  cardToken: string;
}

export type Authorization =
  | { outcome: 'approved'; processorRef: string; cardBrand: string | null }
  | { outcome: 'declined'; processorRef: string; declineReason: string };

export interface CardProcessor {
  authorize(request: AuthorizationRequest, signal: AbortSignal): Promise<Authorization>;
}

/** The processor gave no answer: it timed out or failed. Nothing is known to have happened. */
export class ProcessorUnavailable extends Error {
  override name = 'ProcessorUnavailable';

  constructor(
    readonly reason: 'timeout' | 'error',
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * Calls `processor.authorize` with a deadline. The deadline is enforced here, not trusted to the
 * adapter: after `timeoutMs` the call is aborted and this rejects with ProcessorUnavailable('timeout')
 * whether or not the adapter honours the signal. Any other failure becomes ProcessorUnavailable('error').
 */
export async function authorizeWithin(processor: CardProcessor, request: AuthorizationRequest, timeoutMs: number): Promise<Authorization> {
  const controller = new AbortController();
  const deadline = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  const timer = setTimeout(() => controller.abort(new ProcessorUnavailable('timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    return await Promise.race([processor.authorize(request, controller.signal), deadline]);
  } catch (error) {
    if (error instanceof ProcessorUnavailable) throw error;
    throw new ProcessorUnavailable('error', error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}
