/**
 * POS Core's live event feed (`GET /v1/events`, SSE) read with fetch() streaming, because
 * EventSource cannot send the Authorization header. Resumes with `Last-Event-ID` after a
 * reconnect; reconnects with full-jitter backoff (after a 401, with the till's renewed token); a silent connection (no bytes for `idleMs`,
 * e.g. a blackholed network) is dropped and reopened.
 */

import { type PosEvent, posEvent } from '@pos/shared/event';
import { HEADERS } from '@pos/shared/http';
import type { TillCredentials } from '../api/till-credentials.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, fullJitterDelay } from './backoff.ts';
import { SseParser } from './sse-parser.ts';
import { WakeableSleep } from './wake-sleep.ts';

export interface EventStreamOptions {
  baseUrl: string;
  credentials: TillCredentials;
  onEvent: (event: PosEvent) => void;
  /** Called each time the stream (re)opens: events may have been missed before it — resync. */
  onOpen?: () => void;
  fetch?: typeof fetch;
  backoff?: BackoffPolicy;
  idleMs?: number;
}

export class EventStream {
  readonly #options: EventStreamOptions;
  readonly #fetch: typeof fetch;
  readonly #sleep = new WakeableSleep();
  #abort: AbortController | null = null;
  #running = false;
  #lastEventId: string | null = null;

  constructor(options: EventStreamOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#run();
  }

  stop(): void {
    this.#running = false;
    this.#abort?.abort();
    this.#sleep.wake();
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (this.#running) {
      const opened = await this.#connect().catch(() => false);
      if (!this.#running) break;
      attempt = opened ? 0 : attempt + 1;
      await this.#sleep.sleep(Math.max(250, fullJitterDelay(attempt, this.#options.backoff ?? DEFAULT_BACKOFF)));
    }
  }

  /** Reads one connection until it ends; true when it opened successfully. */
  async #connect(): Promise<boolean> {
    const abort = new AbortController();
    this.#abort = abort;
    const idleMs = this.#options.idleMs ?? 60_000;
    let idle = setTimeout(() => abort.abort(), idleMs);
    try {
      const headers: Record<string, string> = {
        Accept: 'text/event-stream',
        Authorization: `Bearer ${this.#options.credentials.current()}`,
      };
      if (this.#lastEventId !== null) headers[HEADERS.lastEventId] = this.#lastEventId;
      const response = await this.#fetch(new URL('/v1/events', this.#options.baseUrl), {
        headers,
        signal: abort.signal,
        cache: 'no-store',
      });
      if (response.status === 401) await this.#options.credentials.renew();
      if (!response.ok || !response.body) return false;
      this.#options.onOpen?.();
      const parser = new SseParser();
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        clearTimeout(idle);
        idle = setTimeout(() => abort.abort(), idleMs);
        for (const message of parser.feed(decoder.decode(value, { stream: true }))) {
          if (message.id !== null) this.#lastEventId = message.id;
          this.#dispatch(message.data);
        }
      }
      return true;
    } finally {
      clearTimeout(idle);
    }
  }

  #dispatch(data: string): void {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = posEvent.safeParse(json);
    if (parsed.success) this.#options.onEvent(parsed.data);
  }
}
