/**
 * For tests: reads POS Core's SSE feed (`GET /v1/events`) in the background over real HTTP, keeping
 * every event with the moment it arrived and the moment the server ended the stream.
 */
import type { PosEvent } from '@pos/shared/event';
import { HEADERS } from '@pos/shared/http';

export interface ReceivedEvent {
  event: PosEvent;
  /** The SSE `id:` line (what Last-Event-ID resumes after). */
  sseId: string | null;
  /** performance.now() when it arrived. */
  at: number;
}

export interface EventStreamReader {
  status: number;
  contentType: string | null;
  /** Every event received so far, in order. */
  readonly received: ReceivedEvent[];
  /** Resolves with performance.now() when the server ends the stream (or `close()` is called). */
  readonly ended: Promise<number>;
  /** Whether the stream has ended. */
  readonly isEnded: boolean;
  close(): void;
}

export async function readEventStream(
  baseUrl: string,
  token: string,
  options: { lastEventId?: string; query?: string } = {},
): Promise<EventStreamReader> {
  const abort = new AbortController();
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (options.lastEventId) headers[HEADERS.lastEventId] = options.lastEventId;
  const res = await fetch(`${baseUrl}/v1/events${options.query ?? ''}`, { headers, signal: abort.signal });
  const received: ReceivedEvent[] = [];
  let isEnded = false;
  const ended = (async () => {
    if (!res.ok || !res.body) return performance.now();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          const sseId = /^id: (.*)$/m.exec(block)?.[1] ?? null;
          if (data) received.push({ event: JSON.parse(data), sseId, at: performance.now() });
        }
      }
    } catch {
      // aborted by close()
    }
    return performance.now();
  })().finally(() => {
    isEnded = true;
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    received,
    ended,
    get isEnded() {
      return isEnded;
    },
    close: () => abort.abort(),
  };
}
