/** What a test reads from the services directly, with the store manager's token. */
import { randomUUID } from 'node:crypto';
import { type OrderView, orderPage } from '@pos/shared/order';
import { type OrderTimeline, orderTimeline } from '@pos/shared/order-timeline';
import type { Payment } from '@pos/shared/payment';
import type { Product } from '@pos/shared/product';
import { type OrderRefundsAnswer, orderRefundsAnswer } from '@pos/shared/refund';
import { type StoreSettings, type StoreSettingsUpdate, storeSettings } from '@pos/shared/store-settings';
import { shiftPage, type ZReport } from '@pos/shared/z-report';
import type { Stack } from './stack.ts';

export interface ManagerApi {
  product(id: string): Promise<Product>;
  order(id: string): Promise<OrderView | null>;
  ordersOfTerminal(terminalId: string): Promise<OrderView[]>;
  payments(orderId: string): Promise<Payment[]>;
  /** The order's timeline (the manager's console API); null when not found. */
  timeline(orderId: string): Promise<OrderTimeline | null>;
  storeSettings(): Promise<StoreSettings>;
  /** `PUT /v1/store/settings`; the settings now in force. */
  updateStoreSettings(update: StoreSettingsUpdate): Promise<StoreSettings>;
  /** Runs `body` with the store's settings as they are, then puts them back (the specs share one stack). */
  keepingStoreSettings<T>(body: (before: StoreSettings) => Promise<T>): Promise<T>;
  /** The order with its refunds and what remains refundable per line; null when not found. */
  refunds(orderId: string): Promise<OrderRefundsAnswer | null>;
  /** Receives `quantity` units of a product into stock (Inventory's `POST /v1/stock/movements`, kind receipt). */
  receiveStock(productId: string, quantity: number): Promise<void>;
  /** A till's shifts with POS Core's reports of them, oldest first. */
  shiftsOfTerminal(terminalId: string): Promise<ZReport[]>;
}

export function managerApi(stack: Stack): ManagerApi {
  const get = async (url: string) => {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${stack.tokens.manager}` } });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`GET ${url} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    product: async (id) => (await get(`${stack.urls.inventory}/v1/products/${encodeURIComponent(id)}`)).product,
    order: async (id) => (await get(`${stack.urls['pos-core']}/v1/orders/${id}`))?.order ?? null,
    ordersOfTerminal: async (terminalId) => {
      const all: OrderView[] = [];
      const query = new URLSearchParams({ terminalId });
      for (;;) {
        const page = orderPage.parse(await get(`${stack.urls['pos-core']}/v1/orders?${query}`));
        all.push(...page.orders);
        if (page.nextCursor === null) return all;
        query.set('cursor', page.nextCursor);
      }
    },
    shiftsOfTerminal: async (terminalId) => {
      const all: ZReport[] = [];
      const query = new URLSearchParams();
      for (;;) {
        const page = shiftPage.parse(await get(`${stack.urls['pos-core']}/v1/terminals/${encodeURIComponent(terminalId)}/shifts?${query}`));
        all.push(...page.shifts);
        if (page.nextCursor === null) return all;
        query.set('cursor', page.nextCursor);
      }
    },
    payments: async (orderId) => (await get(`${stack.urls.payment}/v1/payments?orderId=${orderId}`)).payments,
    timeline: async (orderId) => {
      const found = await get(`${stack.urls['pos-core']}/v1/orders/${orderId}/timeline`);
      return found === null ? null : orderTimeline.parse(found);
    },
    storeSettings: async () => storeSettings.parse(await get(`${stack.urls['pos-core']}/v1/store/settings`)),
    updateStoreSettings: async (update) => {
      const url = `${stack.urls['pos-core']}/v1/store/settings`;
      const res = await fetch(url, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${stack.tokens.manager}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(update),
      });
      if (!res.ok) throw new Error(`PUT ${url} → ${res.status} ${await res.text()}`);
      return storeSettings.parse(await res.json());
    },
    async keepingStoreSettings(body) {
      const before = await this.storeSettings();
      try {
        return await body(before);
      } finally {
        await this.updateStoreSettings(before);
      }
    },
    receiveStock: async (productId, quantity) => {
      const url = `${stack.urls.inventory}/v1/stock/movements`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${stack.tokens.manager}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ productId, kind: 'receipt', quantity, reason: 'e2e: stock back after a bulk-selling spec' }),
      });
      if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${await res.text()}`);
    },
    refunds: async (orderId) => {
      const found = await get(`${stack.urls['pos-core']}/v1/orders/${orderId}/refunds`);
      return found === null ? null : orderRefundsAnswer.parse(found);
    },
  };
}
