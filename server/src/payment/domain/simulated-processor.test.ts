import { TEST_CARD_TOKENS } from '@pos/shared/payment';
import { describe, expect, it } from 'vitest';
import { authorizeWithin, type CardProcessor, ProcessorUnavailable } from './card-processor.ts';
import { simulatedProcessor } from './simulated-processor.ts';

const request = (cardToken: string) => ({ reference: 'demo-store:order-1', amount: 500, currency: 'EUR', cardToken });
const processor = simulatedProcessor();

describe('the simulated processor, called with a deadline', () => {
  it('when the card is tok_visa, then it approves with a processor reference', async () => {
    const answer = await authorizeWithin(processor, request(TEST_CARD_TOKENS.approve), 200);
    expect(answer).toMatchObject({ outcome: 'approved', cardBrand: 'visa' });
    expect(answer.processorRef).toMatch(/^sim_/);
  });

  it.each([
    [TEST_CARD_TOKENS.decline, 'card_declined'],
    [TEST_CARD_TOKENS.insufficientFunds, 'insufficient_funds'],
    ['tok_mastercard', 'unknown_token'],
  ])('when the card is %s, then it declines with "%s"', async (token, reason) => {
    expect(await authorizeWithin(processor, request(token), 200)).toMatchObject({ outcome: 'declined', declineReason: reason });
  });

  it('when the card is tok_processor_timeout, then the call fails as a timeout once the deadline passes', async () => {
    const started = Date.now();
    const failure = await authorizeWithin(processor, request(TEST_CARD_TOKENS.processorTimeout), 50).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProcessorUnavailable);
    expect((failure as ProcessorUnavailable).reason).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('when the card is tok_processor_error, then the call fails as an error, at once', async () => {
    const failure = await authorizeWithin(processor, request(TEST_CARD_TOKENS.processorError), 5_000).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProcessorUnavailable);
    expect((failure as ProcessorUnavailable).reason).toBe('error');
  });

  it('when an adapter ignores the abort signal, then the deadline still ends the call', async () => {
    const deaf: CardProcessor = { authorize: () => new Promise(() => {}) };
    await expect(authorizeWithin(deaf, request(TEST_CARD_TOKENS.approve), 30)).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('when an adapter throws something unexpected, then the call fails as a processor error', async () => {
    const broken: CardProcessor = {
      authorize: async () => {
        throw new TypeError('socket hang up');
      },
    };
    await expect(authorizeWithin(broken, request(TEST_CARD_TOKENS.approve), 200)).rejects.toMatchObject({
      reason: 'error',
      message: 'socket hang up',
    });
  });
});
