/**
 * Orders as CSV (RFC 4180: comma-separated, CRLF, fields with a comma, quote or line break quoted,
 * quotes doubled): one row per order, amounts in minor units so a spreadsheet adds them exactly.
 * A field that starts with =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula.
 */
import type { OrderView } from '@pos/shared/order';

const COLUMNS = [
  'id',
  'terminalId',
  'seq',
  'status',
  'reason',
  'captureMode',
  'tenders',
  'currency',
  'total',
  'tax',
  'createdAt',
  'receivedAt',
] as const;

function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function ordersCsv(orders: readonly OrderView[]): string {
  const rows = orders.map((o) =>
    [
      o.id,
      o.terminalId,
      o.seq,
      o.status,
      o.reason,
      o.captureMode,
      o.tenders.map((t) => t.type).join('+'),
      o.currency,
      o.total,
      o.tax,
      o.createdAt,
      o.receivedAt,
    ]
      .map(field)
      .join(','),
  );
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
