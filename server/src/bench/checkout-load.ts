/**
 * Online card checkout as tills do it: each simulated till builds a card sale with the till's own
 * `buildOrder` and sends it with the till's `PosCoreClient.submitOrder` (POST /v1/orders, the order id
 * as Idempotency-Key), one after another; N tills at once. Latency: from the request to the answer
 * carrying `confirmed`. Replays: the same orders sent again (Idempotent-Replayed).
 */
import { uuidv7 } from '@pos/shared/ids';
import type { OrderSubmission } from '@pos/shared/order';
import { ApiError, HttpClient, PosCoreClient } from '@pos/till-core/api';
import { buildOrder } from '@pos/till-core/checkout';
import type { BenchProduct } from './bench-cart.ts';
import { type LatencySummary, summarize } from './latency-stats.ts';

export interface CheckoutResult {
  tills: number;
  orders: number;
  /** Answered pending (the saga outlasted the inline budget) or with another final status. */
  notConfirmed: number;
  /** Refused before anything was recorded (503 + Retry-After: a downstream looked unreachable, or 429); a till would retry. */
  refused: number;
  ms: LatencySummary;
  ordersPerSecond: number;
  /** The confirmed orders, for the replay benchmark. */
  sent: OrderSubmission[];
}

export async function cardCheckout(options: {
  posCoreUrl: string;
  token: string;
  terminalId: string;
  products: readonly BenchProduct[];
  tills: number;
  ordersPerTill: number;
  nextSeq: () => number;
}): Promise<CheckoutResult> {
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: options.posCoreUrl, token: options.token, timeoutMs: 30_000 }));
  const samples: number[] = [];
  const sent: OrderSubmission[] = [];
  let notConfirmed = 0;
  let refused = 0;
  let lamport = 1;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.tills }, async (_, till) => {
      for (let i = 0; i < options.ordersPerTill; i++) {
        const p = options.products[(till * 7 + i * 13) % options.products.length]!;
        const q = options.products[(till * 11 + i * 17 + 1) % options.products.length]!;
        const order = buildOrder({
          id: uuidv7(),
          seq: options.nextSeq(),
          lamport: lamport++,
          cart: {
            lines: [
              { productId: p.id, name: p.name, unitPrice: p.price, taxRateBps: p.taxRateBps, quantity: 1 },
              { productId: q.id, name: q.name, unitPrice: q.price, taxRateBps: q.taxRateBps, quantity: 2 },
            ],
          },
          payment: { type: 'card', cardToken: 'tok_visa' },
          context: { terminalId: options.terminalId, currency: 'EUR', priceListVersion: 1, captureMode: 'online' },
          now: new Date(),
        });
        const t = performance.now();
        try {
          const answer = await posCore.submitOrder(order);
          samples.push(performance.now() - t);
          if (answer.order.status === 'confirmed') sent.push(order);
          else notConfirmed += 1;
        } catch (error) {
          if (!(error instanceof ApiError) || error.failure.kind !== 'retryable') throw error;
          refused += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1_000;
  return {
    tills: options.tills,
    orders: samples.length,
    notConfirmed,
    refused,
    ms: summarize(samples),
    ordersPerSecond: samples.length / elapsed,
    sent,
  };
}

/**
 * Sends a confirmed order again and times the answer, which must be a replay of the confirmed order
 * (Idempotent-Replayed); one order at a time, as a till retrying a sale whose answer it lost.
 */
export function replayer(options: { posCoreUrl: string; token: string }): (order: OrderSubmission) => Promise<number> {
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: options.posCoreUrl, token: options.token }));
  return async (order) => {
    const t = performance.now();
    const answer = await posCore.submitOrder(order);
    const ms = performance.now() - t;
    if (!answer.replayed || answer.order.status !== 'confirmed') throw new Error(`order ${order.id} was not answered as a replay`);
    return ms;
  };
}
