import { formatMoney } from '@pos/shared/money';
import type { RefundTender } from '@pos/shared/refund';
import { getMeta } from '@pos/till-core/database';
import { checkRefund, loadRefundSource, makeRefund, type RefundSource } from '@pos/till-core/refunds';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { RefundResult } from '../components/RefundResult.tsx';
import { useGuardedAction } from '../staff/use-guarded-action.tsx';
import { useTill } from '../till-context.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { useStore } from '../use-store.ts';

/** A refund of one sale: the lines and quantities that come back, a reason, restock per line, the tender. */
export function RefundScreen({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const till = useTill();
  const online = useStore(till.posCoreReachability).state === 'online';
  const source = useQuery({
    queryKey: ['refund-source', orderId, online],
    queryFn: () =>
      loadRefundSource(till.db, till.posCore, online, orderId, async (productId) => (await till.db.products.get(productId))?.name),
    retry: false,
    // The form works on the view it was opened with; POS Core has the last word on what remains (a 422 if another till was first).
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const [recordId, setRecordId] = useState<string | null>(null);
  return (
    <section className="refund" aria-label="Refund">
      <h2>Refund</h2>
      {recordId ? (
        <RefundResult recordId={recordId} />
      ) : source.isPending ? (
        <p>Looking up the sale…</p>
      ) : source.error ? (
        <p className="reason" data-testid="refund-lookup-error">
          {source.error.message}
        </p>
      ) : (
        <RefundForm source={source.data} online={online} onRecorded={setRecordId} />
      )}
      <button type="button" data-testid="refund-close" onClick={onClose}>
        Back
      </button>
    </section>
  );
}

function RefundForm({ source, online, onRecorded }: { source: RefundSource; online: boolean; onRecorded: (id: string) => void }) {
  const till = useTill();
  const offlineLimit = useLiveQuery(() => getMeta(till.db, 'offlineRefundLimit'), [till.db], undefined);
  const remaining = new Map(source.refundable.map((r) => [r.lineNo, r.quantity]));
  const [quantities, setQuantities] = useState<Record<number, number>>(() =>
    Object.fromEntries(source.lines.map((l) => [l.lineNo, remaining.get(l.lineNo) ?? 0])),
  );
  const [restock, setRestock] = useState<Record<number, boolean>>(() => Object.fromEntries(source.lines.map((l) => [l.lineNo, true])));
  const [reason, setReason] = useState('');
  const [tender, setTender] = useState<RefundTender>(source.paidByCard && online ? 'card' : 'cash');
  const choice = {
    lines: source.lines.map((l) => ({ lineNo: l.lineNo, quantity: quantities[l.lineNo] ?? 0, restock: restock[l.lineNo] ?? true })),
    reason,
    tender,
  };
  const check = checkRefund(source, choice, online, offlineLimit);
  const money = (minor: number) => formatMoney(minor, source.currency);
  // A refund needs a supervisor or an approver's override (shared/src/staff-policy.ts); a store without staff refunds as is.
  const { guard, dialog } = useGuardedAction();
  const submit = useMutation({
    mutationFn: (approvedBy: string | undefined) =>
      makeRefund(till.db, {
        source,
        choice,
        terminalId: till.config.terminalId,
        online,
        offlineLimit,
        ...(approvedBy ? { approvedBy } : {}),
      }),
    onSuccess: (record) => {
      till.syncEngine.notifySaleRecorded();
      onRecorded(record.id);
    },
  });
  return (
    <form
      data-testid="refund-form"
      onSubmit={(e) => {
        e.preventDefault();
        void guard({ action: 'refund' }, { subjectId: source.orderId, detail: `refund of ${money(check.amount)}` }, (approvedBy) =>
          submit.mutate(approvedBy),
        );
      }}
    >
      {dialog}
      <p>
        Sale #{source.seq} of till {source.terminalId} · order <span data-testid="refund-order-id">{source.orderId}</span>
        {source.origin === 'local' && <em> (offline: this till's own record)</em>}
      </p>
      <table className="orders">
        <thead>
          <tr>
            <th>Item</th>
            <th>Sold</th>
            <th>Refundable</th>
            <th>Refund</th>
            <th>Back to stock</th>
          </tr>
        </thead>
        <tbody>
          {source.lines.map((l) => (
            <tr key={l.lineNo} data-testid="refund-line" data-line-no={l.lineNo}>
              <td>{l.name}</td>
              <td>
                {l.quantity} × {money(l.unitPrice)}
              </td>
              <td data-testid="refund-line-remaining">{remaining.get(l.lineNo) ?? 0}</td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={l.quantity}
                  data-testid="refund-line-quantity"
                  value={quantities[l.lineNo] ?? 0}
                  onChange={(e) => setQuantities({ ...quantities, [l.lineNo]: Math.max(0, Math.trunc(Number(e.target.value) || 0)) })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  data-testid="refund-line-restock"
                  checked={restock[l.lineNo] ?? true}
                  onChange={(e) => setRestock({ ...restock, [l.lineNo]: e.target.checked })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        Reason <input data-testid="refund-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <fieldset>
        <legend>Pay back</legend>
        <TenderChoice tender="cash" chosen={tender} onChoose={setTender}>
          Cash
        </TenderChoice>
        {source.paidByCard && (
          <TenderChoice tender="card" chosen={tender} onChoose={setTender}>
            To the original card
          </TenderChoice>
        )}
      </fieldset>
      <p>
        Amount: <strong data-testid="refund-amount">{money(check.amount)}</strong>
      </p>
      {check.problem && (
        <p className="reason" data-testid="refund-problem">
          {check.problem}
        </p>
      )}
      {submit.error && (
        <p className="reason" data-testid="refund-error">
          {submit.error.message}
        </p>
      )}
      <button type="submit" className="primary" data-testid="refund-submit" disabled={check.problem !== null || submit.isPending}>
        Refund {money(check.amount)}
      </button>
    </form>
  );
}

/** One way to pay the refund back, as a radio button of the "Pay back" choice. */
function TenderChoice({
  tender,
  chosen,
  onChoose,
  children,
}: {
  tender: RefundTender;
  chosen: RefundTender;
  onChoose: (tender: RefundTender) => void;
  children: ReactNode;
}) {
  return (
    <label>
      <input
        type="radio"
        name="tender"
        data-testid={`refund-tender-${tender}`}
        checked={chosen === tender}
        onChange={() => onChoose(tender)}
      />{' '}
      {children}
    </label>
  );
}
