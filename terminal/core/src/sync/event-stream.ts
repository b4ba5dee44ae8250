/**
 * POS Core's live event feed (`GET /v1/events`, SSE) read with fetch() streaming, because
 * EventSource cannot send the Authorization header. Resumes with `Last-Event-ID` after a
 * reconnect; reconnects with full-jitter backoff (after a 401, with the till's renewed token); a silent connection (no bytes for `idleMs`,
 * e.g. a blackholed network) is dropped and reopened.
 *
 * The stream is the till's one request that is always open, so it tells POS Core's reachability
 * first when the link drops: a failed connection or a broken stream reports the server unreachable at
 * once (the header says "Offline" and the next sale is recorded as made offline); a stream the
 * server ended cleanly asks for a probe; an opened stream reports the server reachable.
 */

import { type PosEvent, posEvent } from '@pos/shared/event';
import { HEADERS } from '@pos/shared/http';
import { PROTOCOL_VERSION } from '@pos/shared/protocol';
import type { ServerReachability } from '../api/server-reachability.ts';
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
  /** POS Core's reachability, told how each connection went. */
  reachability?: ServerReachability;
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
        [HEADERS.protocol]: PROTOCOL_VERSION,
      };
      if (this.#lastEventId !== null) headers[HEADERS.lastEventId] = this.#lastEventId;
      let response: Response;
      try {
        response = await this.#fetch(new URL('/v1/events', this.#options.baseUrl), {
          headers,
          signal: abort.signal,
          cache: 'no-store',
        });
      } catch (error) {
        this.#reportBroken();
        throw error;
      }
      this.#options.reachability?.reportResponse(response.status);
      if (response.status === 401) await this.#options.credentials.renew();
      if (!response.ok || !response.body) return false;
      this.#options.onOpen?.();
      const parser = new SseParser();
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          this.#reportBroken();
          throw error;
        }
        const { done, value } = chunk;
        if (done) {
          // The server ended the stream (a restart, or it went away): ask whether it still answers.
          if (this.#running) void this.#options.reachability?.checkNow();
          break;
        }
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

  /** A connection failed or broke (refused, reset, or silent for `idleMs`) — unless stop() ended it. */
  #reportBroken(): void {
    if (this.#running) this.#options.reachability?.reportUnreachable();
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
