/**
 * Starts a `text/event-stream` answer (SSE): the headers every stream of the services sends (no
 * caching, no proxy buffering) and the client's reconnection delay. The stream then writes
 * `event:`/`data:` messages and `: comment` heartbeats itself.
 */
import type { Response } from 'express';

export const STREAM_RETRY_MS = 2_000;

export function openEventStream(res: Response): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(`retry: ${STREAM_RETRY_MS}\n\n`);
}
