/**
 * One sale's timeline across the services and the till (issue #19 §4): every log line that names the
 * order, merged in Lamport order — the order in which the events can have caused one another,
 * whatever the machines' wall clocks say. Equal Lamport times are concurrent events: they keep the
 * order of their sources (till, pos-core, inventory, payment) and of their files.
 *
 * Each entry is rendered as one readable line; retries, lost answers and recoveries are called out:
 * an attempt that came to "unavailable" (timeout, network error, 5xx) is a retry to come, an answer
 * marked replayed is the recovery of a request whose first answer was lost.
 */
import type { TillLogEntry } from '@pos/shared/diagnostics';
import type { ServiceLogLine } from './read-service-logs.ts';

export interface TimelineEntry {
  lamport: number;
  source: string;
  /** The source's wall clock (informational). */
  time: string;
  text: string;
  /** 'retry' | 'lost' | 'recovered' when the entry is one of those. */
  mark?: 'retry' | 'recovered' | 'rejected';
}

const SOURCES = ['till', 'pos-core', 'inventory', 'payment'];
const sourceRank = (s: string) => (SOURCES.includes(s) ? SOURCES.indexOf(s) : SOURCES.length);

const names = (line: ServiceLogLine, orderId: string) =>
  line.orderId === orderId || line.correlationId === orderId || (typeof line.path === 'string' && line.path.includes(orderId));

function describeServiceLine(l: ServiceLogLine): Omit<TimelineEntry, 'lamport' | 'source' | 'time'> {
  const step = typeof l.step === 'string' ? ` [${l.step}]` : '';
  if (l.msg === 'request') {
    const replay = l.replayed ? ' — idempotent replay' : '';
    return {
      text: `← ${l.method} ${l.route} ${l.status} in ${l.durationMs} ms${step}${l.caller ? ` from ${l.caller}` : ''}${replay}`,
      ...(l.replayed ? { mark: 'recovered' as const } : {}),
    };
  }
  if (l.msg === 'downstream answered') {
    const what =
      l.outcome === 'unavailable' ? `unavailable (${l.reason}) — the step will be retried` : `${l.outcome} ${l.status ?? ''}`.trim();
    const replay = l.replayed ? ', a replay: an earlier answer was lost' : '';
    return {
      text: `→ ${l.downstream} ${l.method} ${l.path}${step}: ${what}${replay} after ${l.durationMs} ms`,
      ...(l.outcome === 'unavailable' ? { mark: 'retry' as const } : l.replayed ? { mark: 'recovered' as const } : {}),
    };
  }
  const extra = ['terminalId', 'seq', 'status', 'reason', 'from', 'to', 'paymentId', 'declineReason']
    .filter((k) => l[k] !== undefined && l[k] !== null)
    .map((k) => `${k}=${String(l[k])}`)
    .join(' ');
  return { text: `${l.msg ?? '(no message)'}${step}${extra ? ` ${extra}` : ''}` };
}

function describeTillEntry(e: TillLogEntry): Omit<TimelineEntry, 'lamport' | 'source' | 'time'> {
  const parts = [e.event, e.seq !== undefined ? `seq=${e.seq}` : '', e.status !== undefined ? `status=${e.status}` : '', e.detail ?? '']
    .filter(Boolean)
    .join(' ');
  const mark = e.event.includes('failed') ? 'retry' : e.event.includes('rejected') ? 'rejected' : undefined;
  return { text: parts, ...(mark ? { mark } : {}) };
}

export function saleTimeline(
  orderId: string,
  serviceLines: readonly ServiceLogLine[],
  till: readonly TillLogEntry[] = [],
): TimelineEntry[] {
  const entries: (TimelineEntry & { index: number })[] = [];
  serviceLines.forEach((l, index) => {
    if (!names(l, orderId)) return;
    entries.push({ lamport: l.lamport, source: l.service, time: String(l.time ?? ''), ...describeServiceLine(l), index });
  });
  till.forEach((e, index) => {
    if (e.orderId !== orderId) return;
    entries.push({ lamport: e.lamport, source: 'till', time: e.time, ...describeTillEntry(e), index });
  });
  entries.sort((a, b) => a.lamport - b.lamport || sourceRank(a.source) - sourceRank(b.source) || a.index - b.index);
  return entries.map(({ index: _index, ...e }) => e);
}

const MARKS = { retry: '⟲ ', recovered: '✓ ', rejected: '✗ ' } as const;

export function formatTimeline(orderId: string, entries: readonly TimelineEntry[]): string {
  if (entries.length === 0) return `No log line names order ${orderId}.\n`;
  const width = Math.max(...entries.map((e) => String(e.lamport).length));
  const rows = entries.map(
    (e) => `${String(e.lamport).padStart(width)}  ${e.source.padEnd(9)}  ${e.time.padEnd(24)}  ${e.mark ? MARKS[e.mark] : ''}${e.text}`,
  );
  const counts = (m: TimelineEntry['mark']) => entries.filter((e) => e.mark === m).length;
  return [
    `Sale ${orderId}: ${entries.length} events in Lamport order (wall-clock times are each machine's own)`,
    ...rows,
    `${counts('retry')} retried, ${counts('recovered')} recovered by replay, ${counts('rejected')} rejected`,
    '',
  ].join('\n');
}
