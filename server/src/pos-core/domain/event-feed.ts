/**
 * The tenant's event feed over SSE (`GET /v1/events`): every event of POS Core's outbox (its own and
 * the relayed ones) after the client's `Last-Event-ID`, in feed order, then new ones as the relay
 * publishes them (polled). The SSE id is the feed position, which never goes back, so a reconnect with
 * the last id seen misses nothing and repeats nothing. Comment lines keep idle connections alive.
 *
 * A stream lives no longer than its credential (common/credential-watch.ts): it confirms the
 * credential after reading each page and before sending it, and ends as soon as the watch finds the
 * credential revoked or rotated away — so nothing written after a revocation reaches the revoked till.
 */
import type { Response } from 'express';
import type { HeldCredential } from '../../common/credential-watch.ts';
import type { Pool } from '../../common/db.ts';
import { openEventStream } from '../../common/event-stream-response.ts';
import type { Logger } from '../../common/logger.ts';
import { readEvents } from '../../common/outbox.ts';

export interface EventFeedOptions {
  pool: Pool;
  logger: Logger;
  pollMs?: number;
  heartbeatMs?: number;
}

export interface EventFeed {
  /** Streams the tenant's events after `after` into `res` until the client leaves, the credential is lost or the feed stops. */
  serve(tenantId: string, after: number, res: Response, credential: HeldCredential): Promise<void>;
  /** Ends every open stream. */
  stop(): Promise<void>;
}

const PAGE = 500;

export function createEventFeed(options: EventFeedOptions): EventFeed {
  const pollMs = options.pollMs ?? 250;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const open = new Set<() => void>();
  let stopped = false;

  return {
    async serve(tenantId, after, res, credential) {
      let cursor = after;
      let closed = credential.signal.aborted;
      let wake: (() => void) | null = null;
      const end = () => {
        closed = true;
        wake?.();
      };
      open.add(end);
      res.on('close', end);
      credential.signal.addEventListener('abort', end);
      openEventStream(res);
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      try {
        while (!closed && !stopped) {
          let events: Awaited<ReturnType<typeof readEvents>> = [];
          try {
            events = await readEvents(options.pool, tenantId, cursor, PAGE);
          } catch (error) {
            options.logger.warn({ err: error }, 'event feed read failed; retrying');
          }
          if (events.length > 0 && !(await credential.confirm())) break;
          for (const e of events) {
            res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
            cursor = Number(e.id);
          }
          if (events.length === PAGE) continue;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
      } finally {
        clearInterval(heartbeat);
        open.delete(end);
        credential.signal.removeEventListener('abort', end);
        credential.release();
        res.end();
      }
    },
    async stop() {
      stopped = true;
      for (const end of open) end();
    },
  };
}
