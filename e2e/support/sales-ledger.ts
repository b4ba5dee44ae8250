/**
 * Server-side facts a till test asserts, read with the manager's token: which of a set of order ids
 * POS Core holds (and how often), and how a set of products' stock moved. The worker's stack is
 * shared by every spec file, so tests compare before/after instead of assuming fresh values.
 */
import type { ManagerApi } from './manager-api.ts';

/** How many of each product a list of sales took (product id → units). */
export type Quantities = Map<string, number>;

export function addQuantity(quantities: Quantities, productId: string, units = 1): void {
  quantities.set(productId, (quantities.get(productId) ?? 0) + units);
}

/** Every product's onHand now. */
/** Each product's barcode, for selling it through the till's barcode field. */
export async function barcodesOf(api: ManagerApi, productIds: readonly string[]): Promise<Map<string, string>> {
  return new Map(await Promise.all(productIds.map(async (id) => [id, (await api.product(id)).barcode] as const)));
}

export async function onHandOf(api: ManagerApi, productIds: Iterable<string>): Promise<Map<string, number>> {
  const ids = [...new Set(productIds)];
  const products = await Promise.all(ids.map((id) => api.product(id)));
  return new Map(products.map((p) => [p.id, p.onHand]));
}

/** The terminal's orders among `ids`, and how many times each id occurs (must be 1). */
export async function ordersAmong(api: ManagerApi, terminalId: string, ids: readonly string[]) {
  const wanted = new Set(ids);
  const mine = (await api.ordersOfTerminal(terminalId)).filter((o) => wanted.has(o.id));
  const occurrences = new Map<string, number>();
  for (const o of mine) occurrences.set(o.id, (occurrences.get(o.id) ?? 0) + 1);
  return { orders: mine, occurrences };
}

/** True when every id is held by POS Core exactly once, confirmed. */
export async function allConfirmedOnce(api: ManagerApi, terminalId: string, ids: readonly string[]): Promise<boolean> {
  const { orders, occurrences } = await ordersAmong(api, terminalId, ids);
  return orders.length === ids.length && [...occurrences.values()].every((n) => n === 1) && orders.every((o) => o.status === 'confirmed');
}
