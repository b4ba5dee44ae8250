/**
 * The kitchen display's live feed (`GET /v1/tickets/stream`, text/event-stream): on connect and after
 * every change of the store's tickets, one `board` message with the whole board (open tickets oldest
 * first, last bumped). Changes are learnt from PostgreSQL notifications (ticket-store.ts notifies in
 * each changing transaction), so a change made through any instance of the service reaches displays
 * connected to every instance. If the listening connection drops, it reconnects and every display
 * gets a fresh board (a notification may have been missed meanwhile). Comment lines keep idle
 * connections open.
 */
import type { Response } from 'express';
import pg from 'pg';
import type { HeldCredential } from '../../common/credential-watch.ts';
import type { Pool } from '../../common/db.ts';
import { openEventStream } from '../../common/event-stream-response.ts';
import type { Logger } from '../../common/logger.ts';
import { readBoard, TICKETS_CHANNEL } from '../domain/ticket-store.ts';

export interface TicketFeed {
  /** Serves the board to `res` until the display goes away or `credential` is lost (revoked, rotated). */
  serve(tenantId: string, res: Response, credential: HeldCredential): void;
  stop(): Promise<void>;
}

export function createTicketFeed(options: { pool: Pool; databaseUrl: string; logger: Logger; heartbeatMs?: number }): TicketFeed {
  const { pool, logger } = options;
  /** The displays of each store, with the credential each opened its stream with. */
  const clients = new Map<string, Map<Response, HeldCredential>>();
  let listener: pg.Client | null = null;
  let stopped = false;

  async function push(tenantId: string, targets: Iterable<[Response, HeldCredential]>) {
    try {
      const board = await readBoard(pool, tenantId);
      const message = `event: board\ndata: ${JSON.stringify(board)}\n\n`;
      // Re-verified after the read and before the write: nothing reaches a display whose credential
      // stopped working (credential-watch.ts).
      for (const [res, credential] of targets) if (await credential.confirm()) res.write(message);
    } catch (error) {
      logger.warn({ err: error }, 'kitchen board read failed');
    }
  }

  async function listen() {
    if (stopped) return;
    const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'kitchen:feed' });
    client.on('notification', (n) => {
      const targets = n.payload ? clients.get(n.payload) : undefined;
      if (n.payload && targets?.size) void push(n.payload, [...targets]);
    });
    client.on('error', () => {
      listener = null;
      client.end().catch(() => {});
      setTimeout(() => void listen(), 1_000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${TICKETS_CHANNEL}`);
      listener = client;
      for (const [tenantId, targets] of clients) void push(tenantId, [...targets]);
    } catch (error) {
      logger.warn({ err: error }, 'kitchen feed cannot listen; retrying');
      client.end().catch(() => {});
      setTimeout(() => void listen(), 1_000).unref();
    }
  }
  void listen();

  const heartbeat = setInterval(() => {
    for (const targets of clients.values()) for (const res of targets.keys()) res.write(': heartbeat\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    serve(tenantId, res, credential) {
      openEventStream(res);
      const targets = clients.get(tenantId) ?? new Map<Response, HeldCredential>();
      clients.set(tenantId, targets);
      targets.set(res, credential);
      const end = () => res.end();
      credential.signal.addEventListener('abort', end);
      res.on('close', () => {
        credential.signal.removeEventListener('abort', end);
        credential.release();
        targets.delete(res);
        if (targets.size === 0) clients.delete(tenantId);
      });
      if (credential.signal.aborted) return end();
      void push(tenantId, [[res, credential]]);
    },
    async stop() {
      stopped = true;
      clearInterval(heartbeat);
      for (const targets of clients.values()) for (const res of targets.keys()) res.end();
      clients.clear();
      await listener?.end().catch(() => {});
    },
  };
}
