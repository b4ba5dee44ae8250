/**
 * Reports: confirmed sales per hour and per till over a period (default: the last 24 hours), as uPlot
 * bar charts with the figures in a table below. The CSV export of orders is on the Orders section
 * (it follows the order filters).
 */
import { formatMoney } from '@pos/shared/money';
import type { SalesReport } from '@pos/shared/sales-report';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import uPlot from 'uplot';
import { useConsoleApi } from '../console-context.ts';
import { salesReportQuery, storeQuery } from '../queries.ts';
import { UPlotChart } from '../UPlotChart.tsx';

const HOUR_MS = 3_600_000;
const bars = uPlot.paths.bars?.({ size: [0.6, 60] });

function hourChart(report: SalesReport): uPlot.AlignedData {
  return [report.perHour.map((h) => Date.parse(h.hour) / 1000), report.perHour.map((h) => h.total / 100)];
}

function tillChart(report: SalesReport): uPlot.AlignedData {
  return [report.perTill.map((_, i) => i), report.perTill.map((t) => t.total / 100)];
}

export function ReportsSection() {
  const api = useConsoleApi();
  const [period] = useState(() => {
    const to = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS);
    return { from: new Date(to.getTime() - 24 * HOUR_MS).toISOString(), to: to.toISOString() };
  });
  const report = useQuery(salesReportQuery(api, period.from, period.to));
  const store = useQuery(storeQuery(api));
  const data = report.data;
  const perHour = useMemo(() => (data ? hourChart(data) : null), [data]);
  const perTill = useMemo(() => (data ? tillChart(data) : null), [data]);
  if (report.isPending) return <p>Loading the report…</p>;
  if (report.isError) return <p className="bad">{report.error.message}</p>;
  const currency = report.data.currency ?? store.data?.currency;
  const tills = report.data.perTill.map((t) => t.terminalId);
  const total = report.data.perTill.reduce((n, t) => n + t.total, 0);
  return (
    <section>
      <h2>Sales, last 24 hours</h2>
      <p data-testid="report-total" data-total={total}>
        {formatMoney(total, currency)} confirmed in {report.data.perTill.reduce((n, t) => n + t.count, 0)} sales
      </p>
      <h3>Per hour</h3>
      {perHour && (
        <UPlotChart
          testId="chart-per-hour"
          data={perHour}
          options={{ series: [{}, { label: `Sales (${currency})`, fill: 'rgba(31,95,209,0.35)', stroke: '#1f5fd1', paths: bars }] }}
        />
      )}
      <h3>Per till</h3>
      {perTill && (
        <UPlotChart
          testId="chart-per-till"
          data={perTill}
          options={{
            scales: { x: { time: false } },
            axes: [{ values: (_u, splits) => splits.map((i) => tills[i] ?? '') }, {}],
            series: [{}, { label: `Sales (${currency})`, fill: 'rgba(27,122,61,0.35)', stroke: '#1b7a3d', paths: bars }],
          }}
        />
      )}
      <table data-testid="report-per-till">
        <thead>
          <tr>
            <th>Till</th>
            <th>Sales</th>
            <th>Total</th>
          </tr>
        </thead>
        <tbody>
          {report.data.perTill.map((t) => (
            <tr key={t.terminalId} data-terminal-id={t.terminalId} data-total={t.total}>
              <td>{t.terminalId}</td>
              <td>{t.count}</td>
              <td>{formatMoney(t.total, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
