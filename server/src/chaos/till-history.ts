/**
 * What a till did, as the soak's history records it (soak-history.ts) and its checker reads it
 * (soak-checker.ts): each sale recorded, and each request the till made to send, charge or poll a
 * sale, with its outcome. Requests are observed at the till's own fetch (`observedFetch`), so the
 * till's code runs unchanged and the history says exactly what went over the wire.
 */
import type { OrderSubmission } from '@pos/shared/order';

export type TillHistoryEntry =
  /** `receipt`: the customer asked for a receipt email. */
  | { type: 'record'; till: string; id: string; seq: number; kind: 'cash' | 'card'; total: number; receipt?: true }
  | {
      type: 'request';
      till: string;
      op: TillRequestOp;
      ids: string[];
      startedAt: number;
      ms: number;
      /** HTTP status, or 'network_error' / 'timeout'. */
      outcome: number | 'network_error' | 'timeout';
      /** Per sale: the status the server answered, or `error:<http status>`. */
      results?: Record<string, string>;
    };

/**
 * batch: POST /v1/orders/batch (the outbox); order: POST /v1/orders (the card checkout); poll: GET /v1/orders/:id;
 * drawer: POST /v1/shift-records (the outbox's drawer records).
 */
export type TillRequestOp = 'batch' | 'order' | 'poll' | 'drawer';

const POLL_PATH = /^\/v1\/orders\/([^/]+)$/;

function opOf(method: string, path: string): TillRequestOp | null {
  if (method === 'POST' && path === '/v1/orders/batch') return 'batch';
  if (method === 'POST' && path === '/v1/orders') return 'order';
  if (method === 'POST' && path === '/v1/shift-records') return 'drawer';
  if (method === 'GET' && POLL_PATH.test(path)) return 'poll';
  return null;
}

function idsOf(op: TillRequestOp, path: string, body: unknown): string[] {
  if (op === 'poll') return [decodeURIComponent(POLL_PATH.exec(path)?.[1] ?? '')];
  const parsed = typeof body === 'string' ? JSON.parse(body) : null;
  if (op === 'batch') return ((parsed?.orders ?? []) as OrderSubmission[]).map((o) => o.id);
  return [(parsed as OrderSubmission | null)?.id ?? ''];
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes
function resultsOf(op: TillRequestOp, status: number, body: any): Record<string, string> | undefined {
  if (status >= 300 || !body) return undefined;
  if (op === 'batch') {
    return Object.fromEntries(
      (body.results ?? []).map((r: { id: string; status?: string; error?: { status?: number } }) => [
        r.id,
        r.status ?? `error:${r.error?.status}`,
      ]),
    );
  }
  return body.order ? { [body.order.id]: body.order.status } : undefined;
}

/**
 * A fetch for the till's HTTP clients that reports every send, charge and poll request of `till`
 * and its outcome to `onHistory` (other requests — the health probe — pass unreported).
 */
export function observedFetch(till: string, onHistory: (entry: TillHistoryEntry) => void, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const op = opOf(method, url.pathname);
    if (!op) return base(input, init);
    const ids = idsOf(op, url.pathname, init?.body);
    const startedAt = Date.now();
    const report = (outcome: number | 'network_error' | 'timeout', results?: Record<string, string>) =>
      onHistory({ type: 'request', till, op, ids, startedAt, ms: Date.now() - startedAt, outcome, ...(results ? { results } : {}) });
    let response: Response;
    let text: string;
    try {
      response = await base(input, init);
      text = await response.text();
    } catch (error) {
      report((error as Error).name === 'TimeoutError' ? 'timeout' : 'network_error');
      throw error;
    }
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: the till's client says so; the history keeps the status.
    }
    report(response.status, resultsOf(op, response.status, body));
    return new Response(text === '' ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
