/**
 * The store's event feed, live (POS Core `GET /v1/events`, read with fetch: EventSource cannot send
 * the manager's token). Starts after a known position, reconnects after a drop resuming by the last
 * event id, and calls `onEvent` for each event. `stop()` ends it.
 */
import { type PosEvent, posEvent } from '@pos/shared/event';
import { HEADERS } from '@pos/shared/http';
import { SseParser } from '@pos/shared/sse-parser';
import type { ConsoleApi } from './console-api.ts';

const RECONNECT_MS = 2_000;

export interface LiveFeed {
  stop(): void;
}

export function openLiveFeed(
  api: ConsoleApi,
  after: number,
  onEvent: (event: PosEvent) => void,
  onState: (live: boolean) => void,
): LiveFeed {
  const abort = new AbortController();
  let lastId = String(after);
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(api.url('posCore', '/v1/events'), {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${api.token}`, [HEADERS.lastEventId]: lastId },
          signal: abort.signal,
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onState(true);
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const message of parser.feed(value)) {
            if (message.id) lastId = message.id;
            const parsed = posEvent.safeParse(JSON.parse(message.data));
            if (parsed.success) onEvent(parsed.data);
          }
        }
      } catch {
        // Dropped or refused: try again shortly.
      }
      onState(false);
      if (!abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };
  void run();
  return { stop: () => abort.abort() };
}
