/**
 * The benchmark's products and its sales' carts, shared by the till-driven drain (till-scenarios.ts)
 * and the server-only drain (server-drain.ts) so both post the very same sales. No till module that
 * loads Dexie is imported here: the runner installs fake-indexeddb before loading till-scenarios.ts.
 */
import type { CartState } from '@pos/till-core/checkout';

export interface BenchProduct {
  id: string;
  name: string;
  price: number;
  taxRateBps: number;
}

/** Where a drain sends its sales and checks them confirmed: a till of a store, with the seeded products. */
export interface DrainTarget {
  terminalId: string;
  posCoreUrl: string;
  token: string;
  /** POS Core's database, read to see every sale confirmed there. */
  posCoreDatabaseUrl: string;
  tenantId: string;
  products: readonly BenchProduct[];
}

/** Sale `i`: a 3-line cart of distinct products, picked by a rolling index (quantities 1, 2, 1). */
export function cartOf(products: readonly BenchProduct[], i: number): CartState {
  const pick = (k: number) => products[(i * 3 + k) % products.length]!;
  return {
    lines: [0, 1, 2].map((k) => {
      const p = pick(k);
      return { productId: p.id, name: p.name, unitPrice: p.price, taxRateBps: p.taxRateBps, quantity: 1 + (k % 2) };
    }),
  };
}
