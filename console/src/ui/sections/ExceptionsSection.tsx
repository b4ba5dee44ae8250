/**
 * Exceptions: sales that need a manager (stuck, offline sale that failed, price mismatch) with their
 * actions — retry now, cancel and compensate, resolve with a note — and Inventory's stock
 * discrepancies with a stock adjustment. Each action is sent with an Idempotency-Key made when the
 * manager clicks, so a repeated send of that click is done once; the server records who did it.
 */
import type { AttentionItem, attentionKind } from '@pos/shared/attention';
import { formatMoney } from '@pos/shared/money';
import { orderView } from '@pos/shared/order';
import { product } from '@pos/shared/product';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { useConsoleApi } from '../console-context.ts';
import { attentionQuery, discrepanciesQuery } from '../queries.ts';
import { OrderTimelinePanel } from './OrderTimelinePanel.tsx';

const KIND_TEXT: Record<z.infer<typeof attentionKind>, string> = {
  stuck: 'Stuck: a service it needs keeps failing',
  offline_sale_failed: 'Sold offline, then declined or rejected',
  price_mismatch: 'Sold at another price than the catalogue’s',
  refund_discrepancy: 'A refund of it needs a look (over what remained, over the offline limit, or refused by the card)',
};
const orderAnswer = z.object({ order: orderView });

function AttentionRow({ item, onOpen }: { item: AttentionItem; onOpen: () => void }) {
  const api = useConsoleApi();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const act = useMutation({
    mutationFn: (action: { name: 'retry' | 'cancel' | 'resolve'; key: string; body: object }) =>
      api.call('posCore', `/v1/store/attention/${item.orderId}/${action.name}`, orderAnswer, {
        method: 'POST',
        body: action.body,
        key: action.key,
      }),
    onSettled: () => queryClient.invalidateQueries(),
  });
  const run = (name: 'retry' | 'cancel' | 'resolve', body: object = {}) => act.mutate({ name, key: crypto.randomUUID(), body });
  const pending = item.status === 'pending';
  return (
    <li
      className="card"
      data-testid="attention-item"
      data-order-id={item.orderId}
      data-kinds={item.kinds.join(' ')}
      data-status={item.status}
    >
      <button type="button" className="link" onClick={onOpen}>
        {item.terminalId} #{item.seq}
      </button>{' '}
      · {formatMoney(item.total, item.currency)} · <span data-testid="attention-status">{item.status}</span>
      {item.reason && ` (${item.reason})`} · {item.attempts} attempts
      <ul>
        {item.kinds.map((k) => (
          <li key={k}>{KIND_TEXT[k]}</li>
        ))}
        {item.mismatches.map((m) => (
          <li key={m.lineNo}>
            Line {m.lineNo} ({m.productId}): sold at {formatMoney(m.unitPrice, item.currency)}, catalogue{' '}
            {formatMoney(m.catalogPrice, item.currency)}
          </li>
        ))}
      </ul>
      <div className="actions">
        {pending && (
          <>
            <button type="button" data-testid="attention-retry" disabled={act.isPending} onClick={() => run('retry')}>
              Retry now
            </button>
            <button type="button" data-testid="attention-cancel" disabled={act.isPending} onClick={() => run('cancel')}>
              Cancel and compensate
            </button>
          </>
        )}
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            run('resolve', { note: note.trim() });
          }}
        >
          <input data-testid="attention-note" placeholder="Note" value={note} onChange={(e) => setNote(e.target.value)} required />
          <button type="submit" data-testid="attention-resolve" disabled={act.isPending || note.trim() === ''}>
            Resolve
          </button>
        </form>
      </div>
      {act.error && (
        <p className="bad" role="alert">
          {act.error.message}
        </p>
      )}
    </li>
  );
}

function DiscrepancyAdjust({ productId }: { productId: string }) {
  const api = useConsoleApi();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const adjust = useMutation({
    mutationFn: (key: string) =>
      api.call('inventory', '/v1/stock/movements', z.object({ product }), {
        method: 'POST',
        key,
        body: { productId, kind: 'adjustment', quantity: Number(quantity), reason: reason.trim() },
      }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        adjust.mutate(crypto.randomUUID());
      }}
    >
      <input
        data-testid="adjust-quantity"
        type="number"
        placeholder="± units"
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
        required
      />
      <input
        data-testid="adjust-reason"
        placeholder="Reason (e.g. count)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        required
      />
      <button type="submit" data-testid="adjust-stock" disabled={adjust.isPending}>
        Adjust stock
      </button>
      {adjust.data && <span data-testid="adjust-result">On hand now {adjust.data.product.onHand}</span>}
      {adjust.error && <span className="bad">{adjust.error.message}</span>}
    </form>
  );
}

export function ExceptionsSection() {
  const api = useConsoleApi();
  const attention = useQuery(attentionQuery(api));
  const discrepancies = useQuery(discrepanciesQuery(api));
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <section className="split">
      <div>
        <h2>Sales that need attention</h2>
        {attention.isError && <p className="bad">{attention.error.message}</p>}
        {attention.data?.items.length === 0 && <p data-testid="attention-empty">Nothing needs attention.</p>}
        <ul className="cards">
          {attention.data?.items.map((item) => (
            <AttentionRow key={item.orderId} item={item} onOpen={() => setOpened(item.orderId)} />
          ))}
        </ul>
        <h2>Stock discrepancies</h2>
        {discrepancies.isError && <p className="bad">{discrepancies.error.message}</p>}
        {discrepancies.data?.discrepancies.length === 0 && <p>No stock discrepancies.</p>}
        <ul className="cards">
          {discrepancies.data?.discrepancies.map((d) => (
            <li key={d.id} className="card" data-testid="discrepancy" data-product-id={d.productId}>
              {d.kind === 'negative_stock' ? `${d.productId}: stock went to ${d.onHandAfter}` : `${d.productId}: not in the catalogue`}{' '}
              after a sale of {d.quantity} ({new Date(d.createdAt).toLocaleString()})
              {d.kind === 'negative_stock' && <DiscrepancyAdjust productId={d.productId} />}
            </li>
          ))}
        </ul>
      </div>
      {opened && <OrderTimelinePanel orderId={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}
