/**
 * The till's fetch, as its HTTP clients use it (issue #19 §1, §2, §6): every request carries a fresh
 * request id as `Pos-Correlation-Id` (the services log it on their access-log line) and the till's
 * Lamport time as `Pos-Lamport`; every answer's `Pos-Lamport` is observed (till-lamport.ts). Sales
 * sent (`POST /v1/orders`, `/v1/orders/batch`) and read back (`GET /v1/orders/:id`) are written to the
 * journal with what came of them — acknowledged, rejected, or failed and to be retried — so a till's
 * diagnostics bundle shows the retries, lost answers and recoveries.
 */
import type { TillLogEntry } from '@pos/shared/diagnostics';
import { HEADERS } from '@pos/shared/http';
import { uuidv7 } from '@pos/shared/ids';
import type { TillDatabase } from '../db/till-database.ts';
import type { TillJournal } from './till-journal.ts';
import { observeLamport, tickLamport } from './till-lamport.ts';

interface SentOrder {
  id: string;
  seq?: number;
}

/** The sales a request carries, read from its JSON body (the till's own payload). */
function ordersSent(method: string, path: string, body: unknown): SentOrder[] {
  if (method !== 'POST' || typeof body !== 'string') return [];
  try {
    const parsed = JSON.parse(body) as { id?: unknown; seq?: unknown; orders?: { id?: unknown; seq?: unknown }[] };
    const list = path.endsWith('/v1/orders') ? [parsed] : path.endsWith('/v1/orders/batch') ? (parsed.orders ?? []) : [];
    return list
      .filter((o) => typeof o.id === 'string')
      .map((o) => ({ id: o.id as string, ...(typeof o.seq === 'number' ? { seq: o.seq } : {}) }));
  } catch {
    return [];
  }
}

/** A refusal the till will not retry (DESIGN §4: 400/422 park the sale as needs attention). */
const refused = (status: number) => status === 400 || status === 422;

interface Answer {
  order?: { id?: string; status?: string };
  results?: { id?: string; status?: string; replayed?: boolean; error?: { status?: number; title?: string } }[];
  title?: string;
}

export function tracedFetch(options: { db: TillDatabase; journal: TillJournal; fetch?: typeof fetch }): typeof fetch {
  const { db, journal } = options;
  const inner = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = () => new Date().toISOString();

  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const requestId = uuidv7();
    const sentAt = await tickLamport(db);
    const headers = new Headers(init?.headers);
    headers.set(HEADERS.correlationId, requestId);
    headers.set(HEADERS.lamport, String(sentAt));
    const orders = ordersSent(method, url.pathname, init?.body);
    journal.addAll(
      orders.map((o) => ({
        time: now(),
        lamport: sentAt,
        event: 'order sent',
        orderId: o.id,
        ...(o.seq !== undefined ? { seq: o.seq } : {}),
        requestId,
      })),
    );

    let response: Response;
    try {
      response = await inner(input, { ...init, headers });
    } catch (error) {
      journal.request({ requestId, method, path: url.pathname, status: null, at: now() });
      const failedAt = await tickLamport(db);
      const detail = error instanceof Error && error.name === 'TimeoutError' ? 'no answer in time' : 'server unreachable';
      journal.addAll(orders.map((o) => ({ time: now(), lamport: failedAt, event: 'order send failed', orderId: o.id, requestId, detail })));
      throw error;
    }
    const seenAt = await observeLamport(db, Number(response.headers.get(HEADERS.lamport)));
    journal.request({ requestId, method, path: url.pathname, status: response.status, at: now() });
    const readBack = method === 'GET' && /\/v1\/orders\/[^/]+$/.test(url.pathname);
    if (orders.length === 0 && !readBack) return response;

    let answer: Answer = {};
    try {
      answer = JSON.parse(await response.clone().text()) as Answer;
    } catch {
      // Not JSON (a proxy's page): the status alone is recorded.
    }
    const outcomes: TillLogEntry[] = [];
    const entry = (event: string, orderId: string, status: number, detail?: string) =>
      outcomes.push({ time: now(), lamport: seenAt, event, orderId, requestId, status, ...(detail ? { detail } : {}) });
    const replayed = response.headers.get(HEADERS.idempotentReplayed) === 'true' ? ' (replayed)' : '';
    if (readBack) {
      if (response.ok && answer.order?.id) entry('order status read', answer.order.id, response.status, answer.order.status);
    } else if (response.ok && url.pathname.endsWith('/batch')) {
      for (const r of answer.results ?? []) {
        if (!r.id) continue;
        if (!r.error) entry('order acknowledged', r.id, response.status, `${r.status}${r.replayed ? ' (replayed)' : ''}`);
        else entry(refused(r.error.status ?? 0) ? 'order rejected' : 'order send failed', r.id, r.error.status ?? 0, r.error.title);
      }
    } else {
      for (const o of orders) {
        if (response.ok) entry('order acknowledged', o.id, response.status, `${answer.order?.status ?? ''}${replayed}`);
        else entry(refused(response.status) ? 'order rejected' : 'order send failed', o.id, response.status, answer.title);
      }
    }
    journal.addAll(outcomes);
    return response;
  };
}
