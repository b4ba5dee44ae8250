import { formatMoney, parseAmount } from '@pos/shared/money';
import type { ZTotals } from '@pos/shared/z-totals';
import {
  closeDifference,
  closeShift,
  describeZReport,
  openShift,
  recordCashMovement,
  type ShiftCloseRecord,
  type ShiftView,
  type TillZReport,
  watchShiftView,
} from '@pos/till-core/shift';
import { useEffect, useState } from 'react';
import { errorMessage } from '../cashier-text.ts';
import { DENOMINATIONS } from '../denominations.ts';
import { useGuardedAction } from '../staff/use-guarded-action.tsx';
import { useTill } from '../till-context.ts';
import { useStoreCurrency } from '../use-store-currency.ts';
import { useWatch } from '../use-watch.ts';
import { zReportHtml } from '../z-report-html.ts';

/**
 * The drawer: open a shift with its float, cash in and out with a reason, the X report at any time, and
 * closing with a blind count (the expected cash is not shown before the count; a difference beyond the
 * store's tolerance needs a manager's override). Then the Z reports,
 * provisional until POS Core has every record of the shift, then final.
 */
export function ShiftScreen() {
  const till = useTill();
  const currency = useStoreCurrency();
  const terminalId = till.config.terminalId;
  const view = useWatch<ShiftView | null>((onValue) => watchShiftView(till.db, terminalId, onValue), [till.db, terminalId], null);
  const [error, setError] = useState<string | null>(null);
  const { guard, dialog } = useGuardedAction();
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, currency));
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      till.syncEngine.notifySaleRecorded();
    } catch (e) {
      setError(errorMessage(e, 'sale').sentence);
    }
  };
  /** A count whose difference is beyond the store's tolerance needs a manager's override before the close is recorded. */
  const close = (denominations: { value: number; quantity: number }[]) =>
    act(async () => {
      const { difference, tolerance } = await closeDifference(till.db, terminalId, denominations);
      await guard(
        { action: 'shift_close_difference', difference, tolerance },
        { detail: `cash difference of ${money(difference)}` },
        (approvedBy) => void act(() => closeShift(till.db, { terminalId, denominations, approvedBy })),
      );
    });
  if (!view) return null;
  return (
    <div className="shift-screen">
      {dialog}
      {error && (
        <p className="error" role="alert" data-testid="shift-error">
          {error}
        </p>
      )}
      {view.open === null ? (
        <OpenShiftForm onOpen={(float) => act(() => openShift(till.db, { terminalId, currency: currency ?? 'EUR', float }))} />
      ) : (
        <>
          <section aria-label="Open shift" data-testid="shift-open-panel">
            <h2>Shift open since {new Date(view.open.openedAt).toLocaleTimeString()}</h2>
            <p>Float: {money(view.open.float)}</p>
          </section>
          <CashMovementForm
            onMove={(direction, amount, reason) => act(() => recordCashMovement(till.db, { terminalId, direction, amount, reason }))}
          />
          {view.x && <XReport totals={view.x} money={money} />}
          <BlindCount onClose={close} money={money} />
        </>
      )}
      <section aria-label="Z reports">
        <h2>Z reports</h2>
        {view.zReports.length === 0 && <p className="empty">No shift closed on this till yet.</p>}
        {view.zReports.map((close) => (
          <ZReportCard key={close.id} close={close} currency={currency} />
        ))}
      </section>
    </div>
  );
}

function OpenShiftForm({ onOpen }: { onOpen: (float: number) => void }) {
  const [text, setText] = useState('');
  const float = parseAmount(text);
  return (
    <form
      aria-label="Open a shift"
      data-testid="shift-open-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (float !== null) onOpen(float);
      }}
    >
      <h2>No shift open</h2>
      <label>
        Counted float <input data-testid="shift-float" inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" data-testid="shift-open" disabled={float === null}>
        Open shift
      </button>
    </form>
  );
}

function CashMovementForm({ onMove }: { onMove: (direction: 'in' | 'out', amount: number, reason: string) => Promise<void> }) {
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const amount = parseAmount(amountText);
  const ready = amount !== null && amount > 0 && reason.trim().length > 0;
  const move = async (direction: 'in' | 'out') => {
    if (!ready) return;
    await onMove(direction, amount, reason.trim());
    setAmountText('');
    setReason('');
  };
  return (
    <section aria-label="Cash in and out">
      <h2>Cash in / out</h2>
      <label>
        Amount <input data-testid="cash-amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} />
      </label>
      <label>
        Reason <input data-testid="cash-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="button" data-testid="cash-in" disabled={!ready} onClick={() => void move('in')}>
        Cash in
      </button>
      <button type="button" data-testid="cash-out" disabled={!ready} onClick={() => void move('out')}>
        Cash out
      </button>
    </section>
  );
}

/** The X report: the shift so far. Blind: no expected cash here — it shows on the Z, after the count. */
function XReport({ totals, money }: { totals: ZTotals; money: (minor: number | null) => string }) {
  return (
    <section aria-label="X report" data-testid="x-report">
      <h2>X report</h2>
      <TotalsTable totals={totals} money={money} blind />
    </section>
  );
}

function BlindCount({
  onClose,
  money,
}: {
  onClose: (denominations: { value: number; quantity: number }[]) => Promise<void>;
  money: (minor: number) => string;
}) {
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const counts = DENOMINATIONS.map((value) => ({ value, quantity: Number.parseInt(quantities[value] ?? '', 10) || 0 }));
  return (
    <form
      aria-label="Close the shift"
      onSubmit={(e) => {
        e.preventDefault();
        void onClose(counts.filter((c) => c.quantity > 0));
      }}
    >
      <h2>Close with a blind count</h2>
      <table>
        <tbody>
          {DENOMINATIONS.map((value) => (
            <tr key={value}>
              <td>{money(value)}</td>
              <td>
                <input
                  data-testid={`count-${value}`}
                  inputMode="numeric"
                  aria-label={`How many of ${money(value)}`}
                  value={quantities[value] ?? ''}
                  onChange={(e) => setQuantities({ ...quantities, [value]: e.target.value.replace(/\D/g, '') })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Counted: <span data-testid="count-total">{money(counts.reduce((s, c) => s + c.value * c.quantity, 0))}</span>
      </p>
      <button type="submit" data-testid="shift-close">
        Close shift
      </button>
    </form>
  );
}

/** One Z report: the till's numbers, and POS Core's verdict read every 2 s until final. */
function ZReportCard({ close, currency }: { close: ShiftCloseRecord; currency: string | undefined }) {
  const till = useTill();
  const [z, setZ] = useState<TillZReport | null>(null);
  const [printMessage, setPrintMessage] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = async () => {
      const server = await till.posCore.getZReport(close.payload.shiftId).catch(() => null);
      const described = await describeZReport(till.db, close, server);
      if (stopped) return;
      setZ(described);
      if (described.status !== 'final') timer = setTimeout(() => void read(), 2_000);
    };
    void read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [till, close]);
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, currency));
  if (!z) return null;
  const totals = z.status === 'final' && z.server ? z.server.totals : z.tillTotals;
  return (
    <article className={`z-report status-${z.status}`} data-testid="z-report" data-z-number={z.zNumber} data-status={z.status}>
      <h3>
        Z #{z.zNumber} — <span data-testid="z-status">{z.status}</span>
        {z.server?.complete && <span data-testid="z-complete"> · complete</span>}
      </h3>
      {z.status === 'provisional' && (
        <p data-testid="z-provisional-why">
          {z.unsynced > 0
            ? `${z.unsynced} record(s) of this shift are not synced yet.`
            : z.server && z.server.missing.length > 0
              ? `POS Core is missing records ${z.server.missing.map((r) => (r.from === r.to ? r.from : `${r.from}–${r.to}`)).join(', ')}.`
              : 'Waiting for POS Core.'}
        </p>
      )}
      {z.differences.length > 0 && (
        <p className="error" data-testid="z-differences">
          Till and server totals differ: {z.differences.join(', ')}
        </p>
      )}
      <TotalsTable totals={totals} money={money} />
      <button
        type="button"
        data-testid="print-z"
        onClick={async () =>
          setPrintMessage((await till.bridge.printReceipt(zReportHtml(z, currency))) ? null : 'Printing was cancelled or failed.')
        }
      >
        Print
      </button>
      {printMessage && <p className="info">{printMessage}</p>}
    </article>
  );
}

function TotalsTable({ totals: t, money, blind = false }: { totals: ZTotals; money: (minor: number | null) => string; blind?: boolean }) {
  const rows: [string, string, string][] = [
    ['float', 'Float', money(t.float)],
    ['sales', `Sales (${t.sales.count})`, money(t.sales.total)],
    ['tax', 'Tax in sales', money(t.sales.tax)],
    ['refunds', `Refunds (${t.refunds.count})`, money(t.refunds.total)],
    ['discounts', `Discounts (${t.discounts.count})`, money(t.discounts.total)],
    ...t.byTender.map((b): [string, string, string] => [`tender-${b.type}`, `${b.type} (${b.salesCount})`, money(b.net)]),
    ['cash-in', `Cash in (${t.cashIn.count})`, money(t.cashIn.total)],
    ['cash-out', `Cash out (${t.cashOut.count})`, money(t.cashOut.total)],
    ['no-sales', 'No sales', String(t.noSales)],
    ...(blind
      ? []
      : ([
          ['expected', 'Expected cash', money(t.expectedCash)],
          ['counted', 'Counted', money(t.counted)],
          ['difference', 'Difference', money(t.difference)],
        ] as [string, string, string][])),
  ];
  return (
    <table className="totals">
      <tbody>
        {rows.map(([id, label, value]) => (
          <tr key={id}>
            <td>{label}</td>
            <td data-testid={`total-${id}`}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
