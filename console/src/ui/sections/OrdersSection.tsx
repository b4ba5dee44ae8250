/**
 * Orders: the store's orders across tills, newest first, filtered by till, status, tender and period,
 * read page by page ("More"); search by order id; one order's timeline; CSV export of what the
 * filters select (every page).
 */
import { formatMoney } from '@pos/shared/money';
import { type OrderStatus, orderStatus } from '@pos/shared/order';
import { storeOrderPage } from '@pos/shared/store-orders';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { ordersCsv } from '../../domain/orders-csv.ts';
import { useConsoleApi } from '../console-context.ts';
import { type OrderFilters, orderListPath, ordersQuery, tillsQuery } from '../queries.ts';
import { OrderTimelinePanel } from './OrderTimelinePanel.tsx';

/** A `datetime-local` value (the manager's local time) as ISO 8601, or undefined when empty. */
const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

export function OrdersSection() {
  const api = useConsoleApi();
  const [form, setForm] = useState({ terminalId: '', status: '', tender: '', from: '', to: '' });
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState<string | null>(null);
  const filters: OrderFilters = {
    terminalId: form.terminalId || undefined,
    status: (form.status || undefined) as OrderStatus | undefined,
    tender: (form.tender || undefined) as 'cash' | 'card' | undefined,
    from: isoOf(form.from),
    to: isoOf(form.to),
  };
  const tills = useQuery(tillsQuery(api));
  const orders = useInfiniteQuery(ordersQuery(api, filters));
  const exportCsv = useMutation({
    mutationFn: async () => {
      const all = [];
      let cursor: string | null = null;
      do {
        const page: z.infer<typeof storeOrderPage> = await api.call('posCore', orderListPath(filters, cursor, 1000), storeOrderPage);
        all.push(...page.orders);
        cursor = page.nextCursor;
      } while (cursor);
      download('orders.csv', ordersCsv(all));
      return all.length;
    },
  });
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const rows = orders.data?.pages.flatMap((p) => p.orders) ?? [];
  return (
    <section className="split">
      <div>
        <h2>Orders</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (search.trim()) setOpened(search.trim().toLowerCase());
          }}
        >
          <input data-testid="order-search" placeholder="Order id" value={search} onChange={(e) => setSearch(e.target.value)} />
          <button type="submit">Find</button>
        </form>
        <div className="filters">
          <select data-testid="filter-till" value={form.terminalId} onChange={set('terminalId')} aria-label="Till">
            <option value="">All tills</option>
            {tills.data?.tills.map((t) => (
              <option key={t.terminalId} value={t.terminalId}>
                {t.terminalId}
              </option>
            ))}
          </select>
          <select data-testid="filter-status" value={form.status} onChange={set('status')} aria-label="Status">
            <option value="">Any status</option>
            {orderStatus.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <select data-testid="filter-tender" value={form.tender} onChange={set('tender')} aria-label="Tender">
            <option value="">Any tender</option>
            <option value="cash">cash</option>
            <option value="card">card</option>
          </select>
          <label>
            From <input data-testid="filter-from" type="datetime-local" value={form.from} onChange={set('from')} />
          </label>
          <label>
            To <input data-testid="filter-to" type="datetime-local" value={form.to} onChange={set('to')} />
          </label>
          <button type="button" data-testid="export-csv" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
            Export CSV
          </button>
          {exportCsv.data !== undefined && <span data-testid="export-count">{exportCsv.data} orders exported</span>}
          {exportCsv.error && <span className="bad">{exportCsv.error.message}</span>}
        </div>
        {orders.isError && <p className="bad">{orders.error.message}</p>}
        <table>
          <thead>
            <tr>
              <th>Received</th>
              <th>Till</th>
              <th>Seq</th>
              <th>Status</th>
              <th>Tender</th>
              <th>Total</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr
                key={o.id}
                data-testid="order-row"
                data-order-id={o.id}
                data-status={o.status}
                onClick={() => setOpened(o.id)}
                className="clickable"
              >
                <td>{new Date(o.receivedAt).toLocaleString()}</td>
                <td>{o.terminalId}</td>
                <td>{o.seq}</td>
                <td>{o.status}</td>
                <td>{o.tenders.map((t) => t.type).join(' + ')}</td>
                <td>{formatMoney(o.total, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && !orders.isPending && <p>No orders match.</p>}
        {orders.hasNextPage && (
          <button type="button" data-testid="orders-more" onClick={() => void orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
            More
          </button>
        )}
      </div>
      {opened && <OrderTimelinePanel orderId={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}
