/** The console's server reads (TanStack Query): one place for their keys, paths and schemas. */
import { attentionPage } from '@pos/shared/attention';
import { discrepancyPage } from '@pos/shared/discrepancy';
import { orderTimeline } from '@pos/shared/order-timeline';
import { catalogDelta, type Product } from '@pos/shared/product';
import { orderRefundsAnswer } from '@pos/shared/refund';
import { salesReport } from '@pos/shared/sales-report';
import { type StaffMember, staffPage } from '@pos/shared/staff';
import { type OverrideView, overridePage } from '@pos/shared/staff-records';
import { storeProfile } from '@pos/shared/store';
import { type StoreOrdersQuery, storeOrderPage } from '@pos/shared/store-orders';
import { storeSettings } from '@pos/shared/store-settings';
import { tillHealthList } from '@pos/shared/till-health';
import { shiftPage, type ZReport } from '@pos/shared/z-report';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ConsoleApi } from '../api/console-api.ts';

/** Filters of the order list as the form holds them (the query string without cursor and limit). */
export type OrderFilters = Partial<Pick<StoreOrdersQuery, 'terminalId' | 'status' | 'tender' | 'from' | 'to'>>;

export function orderListPath(filters: OrderFilters, cursor: string | null, limit = 50): string {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  if (cursor) query.set('cursor', cursor);
  return `/v1/store/orders?${query}`;
}

/** The store's settings (pricing rules, till silence threshold). */
export const storeSettingsQuery = (api: ConsoleApi) =>
  queryOptions({ queryKey: ['store-settings'], queryFn: () => api.call('posCore', '/v1/store/settings', storeSettings) });

/** The manager's store: its name and the currency it sells in (prices are shown in it). */
export const storeQuery = (api: ConsoleApi) =>
  queryOptions({ queryKey: ['store'], queryFn: () => api.call('posCore', '/v1/store', storeProfile), staleTime: 60_000 });

export const tillsQuery = (api: ConsoleApi) =>
  queryOptions({ queryKey: ['tills'], queryFn: () => api.call('posCore', '/v1/store/tills', tillHealthList), refetchInterval: 5_000 });

export const ordersQuery = (api: ConsoleApi, filters: OrderFilters) =>
  infiniteQueryOptions({
    queryKey: ['orders', filters],
    queryFn: ({ pageParam }) => api.call('posCore', orderListPath(filters, pageParam), storeOrderPage),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const timelineQuery = (api: ConsoleApi, orderId: string) =>
  queryOptions({
    queryKey: ['timeline', orderId],
    queryFn: () => api.call('posCore', `/v1/orders/${encodeURIComponent(orderId)}/timeline`, orderTimeline),
    retry: false,
  });

/** An order's refunds (every status, refused and failed included) and what remains refundable per line. */
export const orderRefundsQuery = (api: ConsoleApi, orderId: string) =>
  queryOptions({
    queryKey: ['order-refunds', orderId],
    queryFn: () => api.call('posCore', `/v1/orders/${encodeURIComponent(orderId)}/refunds`, orderRefundsAnswer),
    retry: false,
  });

export const attentionQuery = (api: ConsoleApi) =>
  queryOptions({
    queryKey: ['attention'],
    queryFn: () => api.call('posCore', '/v1/store/attention?limit=200', attentionPage),
    // A sale becomes stuck by failed attempts, which write no event: look again now and then.
    refetchInterval: 5_000,
  });

export const discrepanciesQuery = (api: ConsoleApi) =>
  queryOptions({ queryKey: ['discrepancies'], queryFn: () => api.call('inventory', '/v1/discrepancies?limit=200', discrepancyPage) });

export const salesReportQuery = (api: ConsoleApi, from: string, to: string) =>
  queryOptions({
    queryKey: ['sales-report', from, to],
    queryFn: () => api.call('posCore', `/v1/store/reports/sales?${new URLSearchParams({ from, to })}`, salesReport),
  });

/** The whole catalogue with stock (Inventory's delta from the start, every page; tombstoned products are not in it). */
export const catalogueQuery = (api: ConsoleApi) =>
  queryOptions({
    queryKey: ['catalogue'],
    queryFn: async () => {
      const products: Product[] = [];
      let cursor: string | null = null;
      do {
        const page: z.infer<typeof catalogDelta> = await api.call(
          'inventory',
          `/v1/products?${new URLSearchParams(cursor ? { cursor, limit: '1000' } : { since: '0', limit: '1000' })}`,
          catalogDelta,
        );
        products.push(...page.products);
        cursor = page.nextCursor;
      } while (cursor);
      return products;
    },
  });

/** Every page of a short list (a store's staff, its overrides), read to its end. */
async function readAll<T>(readPage: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await readPage(cursor);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}

const pagePath = (path: string, cursor: string | null) => `${path}?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

/** The store's staff, active or not (no PIN hashes: the manager's list never has them). */
export const staffQuery = (api: ConsoleApi) =>
  queryOptions({
    queryKey: ['staff'],
    queryFn: () =>
      readAll<StaffMember>(async (cursor) => {
        const page = await api.call('posCore', pagePath('/v1/store/staff', cursor), staffPage);
        return { items: page.staff, nextCursor: page.nextCursor };
      }),
  });

/** The overrides given at the store's tills, with who approved them. */
export const overridesQuery = (api: ConsoleApi) =>
  queryOptions({
    queryKey: ['overrides'],
    queryFn: () =>
      readAll<OverrideView>(async (cursor) => {
        const page = await api.call('posCore', pagePath('/v1/store/staff/overrides', cursor), overridePage);
        return { items: page.overrides, nextCursor: page.nextCursor };
      }),
    refetchInterval: 5_000,
  });

/** A till's shifts with their Z reports (POS Core recomputes them; open → provisional → final). */
export const shiftsQuery = (api: ConsoleApi, terminalId: string) =>
  queryOptions({
    queryKey: ['shifts', terminalId],
    queryFn: () =>
      readAll<ZReport>(async (cursor) => {
        const page = await api.call('posCore', pagePath(`/v1/terminals/${encodeURIComponent(terminalId)}/shifts`, cursor), shiftPage);
        return { items: page.shifts, nextCursor: page.nextCursor };
      }),
    // A provisional Z turns final when the till's last records arrive, which the console is not told of.
    refetchInterval: 5_000,
  });
