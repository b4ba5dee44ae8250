/**
 * Z reports: every till's shifts with their Z status — open, provisional (POS Core still lacks some of
 * the shift's records) or final (issued once, complete) — their sales, expected and counted cash and
 * the difference, who closed and who approved a difference beyond the store's tolerance. Totals on which
 * the till and POS Core disagree stand out, and each drawer opening without a sale is listed. POS Core: shifts-router.ts; the rows: domain/z-report-rows.ts.
 * Here too the store's shift-close tolerance (store settings; running tills re-read it on `store.settings_changed`).
 */
import { amountText, formatMoney, parseAmount } from '@pos/shared/money';
import { storeSettings } from '@pos/shared/store-settings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { zReportRows } from '../../domain/z-report-rows.ts';
import { useConsoleApi } from '../console-context.ts';
import { shiftsQuery, staffQuery, storeQuery, storeSettingsQuery, tillsQuery } from '../queries.ts';

export function ZReportsSection() {
  const api = useConsoleApi();
  const tills = useQuery(tillsQuery(api));
  const settings = useQuery(storeSettingsQuery(api));
  return (
    <section>
      <h2>Z reports</h2>
      {settings.data && <ToleranceSetting key={settings.data.shiftCloseTolerance} tolerance={settings.data.shiftCloseTolerance} />}
      {tills.error && (
        <p className="bad" role="alert">
          {tills.error.message}
        </p>
      )}
      {tills.data?.tills.length === 0 && <p data-testid="z-tills-empty">No till is paired yet.</p>}
      {tills.data?.tills.map((t) => (
        <TillShifts key={t.terminalId} terminalId={t.terminalId} />
      ))}
    </section>
  );
}

function ToleranceSetting({ tolerance }: { tolerance: number }) {
  const api = useConsoleApi();
  const queryClient = useQueryClient();
  const [text, setText] = useState(amountText(tolerance));
  const value = parseAmount(text);
  const save = useMutation({
    mutationFn: (shiftCloseTolerance: number) =>
      api.call('posCore', '/v1/store/settings', storeSettings, { method: 'PUT', body: { shiftCloseTolerance } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['store-settings'] }),
  });
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (value !== null) save.mutate(value);
      }}
    >
      <label>
        A shift closes without a manager's approval when its cash difference is at most
        <input data-testid="shift-close-tolerance" inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" data-testid="shift-close-tolerance-save" disabled={save.isPending || value === null}>
        Save
      </button>
      {save.error && <span className="bad">{save.error.message}</span>}
    </form>
  );
}

function TillShifts({ terminalId }: { terminalId: string }) {
  const api = useConsoleApi();
  const shifts = useQuery(shiftsQuery(api, terminalId));
  const staff = useQuery(staffQuery(api));
  const currency = useQuery(storeQuery(api)).data?.currency;
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, currency));
  const nameOf = (id: string | null) => (id === null ? '—' : (staff.data?.find((s) => s.id === id)?.name ?? id));
  const rows = zReportRows(shifts.data ?? []);
  return (
    <article data-testid="z-till" data-terminal-id={terminalId}>
      <h3>{terminalId}</h3>
      {shifts.error && (
        <p className="bad" role="alert">
          {shifts.error.message}
        </p>
      )}
      {shifts.data && rows.length === 0 && <p data-testid="z-empty">No shift on this till yet.</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Z</th>
              <th>Status</th>
              <th>Opened</th>
              <th>Closed</th>
              <th>Sales</th>
              <th>Expected cash</th>
              <th>Counted</th>
              <th>Difference</th>
              <th>No sales</th>
              <th>Closed by</th>
              <th>Approved by</th>
              <th>Check</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.shiftId} data-testid="z-row" data-shift-id={r.shiftId} data-status={r.status} data-z-number={r.zNumber ?? ''}>
                <td>{r.zNumber === null ? '—' : `#${r.zNumber}`}</td>
                <td data-testid="z-row-status">
                  {r.status}
                  {r.complete && ' · complete'}
                </td>
                <td>{new Date(r.openedAt).toLocaleString()}</td>
                <td>{r.closedAt === null ? '—' : new Date(r.closedAt).toLocaleString()}</td>
                <td data-testid="z-row-sales">
                  {money(r.salesTotal)} ({r.salesCount})
                </td>
                <td data-testid="z-row-expected">{money(r.expectedCash)}</td>
                <td data-testid="z-row-counted">{money(r.counted)}</td>
                <td data-testid="z-row-difference" className={r.difference ? 'bad' : undefined}>
                  {money(r.difference)}
                </td>
                <td data-testid="z-row-no-sales" data-count={r.noSalesCount}>
                  {r.noSalesCount}
                  {r.noSales.length > 0 && (
                    <ul>
                      {r.noSales.map((n) => (
                        <li key={n.seq} data-testid="z-row-no-sale">
                          {new Date(n.at).toLocaleTimeString()} {nameOf(n.staffId)}
                          {n.approvedBy && ` (approved by ${nameOf(n.approvedBy)})`}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-testid="z-row-closed-by">{nameOf(r.closedBy)}</td>
                <td data-testid="z-row-approved-by">{nameOf(r.closeApprovedBy)}</td>
                <td data-testid="z-row-check">
                  {r.missingCount > 0 && <span className="warn">{r.missingCount} record(s) not received yet. </span>}
                  {r.disagreements.length > 0 && <span className="bad">Till and POS Core differ: {r.disagreements.join(', ')}</span>}
                  {r.missingCount === 0 && r.disagreements.length === 0 && 'ok'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
