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
import type { Pool } from '../../common/db.ts';
import type { Logger } from '../../common/logger.ts';
import { readBoard, TICKETS_CHANNEL } from '../domain/ticket-store.ts';

export interface TicketFeed {
  serve(tenantId: string, res: Response): void;
  stop(): Promise<void>;
}

export function createTicketFeed(options: { pool: Pool; databaseUrl: string; logger: Logger; heartbeatMs?: number }): TicketFeed {
  const { pool, logger } = options;
  const clients = new Map<string, Set<Response>>();
  let listener: pg.Client | null = null;
  let stopped = false;

  async function push(tenantId: string, targets: Iterable<Response>) {
    try {
      const board = await readBoard(pool, tenantId);
      const message = `event: board\ndata: ${JSON.stringify(board)}\n\n`;
      for (const res of targets) res.write(message);
    } catch (error) {
      logger.warn({ err: error }, 'kitchen board read failed');
    }
  }

  async function listen() {
    if (stopped) return;
    const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'kitchen:feed' });
    client.on('notification', (n) => {
      const targets = n.payload ? clients.get(n.payload) : undefined;
      if (n.payload && targets?.size) void push(n.payload, targets);
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
      for (const [tenantId, targets] of clients) void push(tenantId, targets);
    } catch (error) {
      logger.warn({ err: error }, 'kitchen feed cannot listen; retrying');
      client.end().catch(() => {});
      setTimeout(() => void listen(), 1_000).unref();
    }
  }
  void listen();

  const heartbeat = setInterval(() => {
    for (const targets of clients.values()) for (const res of targets) res.write(': heartbeat\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    serve(tenantId, res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      const targets = clients.get(tenantId) ?? new Set<Response>();
      clients.set(tenantId, targets);
      targets.add(res);
      res.on('close', () => {
        targets.delete(res);
        if (targets.size === 0) clients.delete(tenantId);
      });
      void push(tenantId, [res]);
    },
    async stop() {
      stopped = true;
      clearInterval(heartbeat);
      for (const targets of clients.values()) for (const res of targets) res.end();
      clients.clear();
      await listener?.end().catch(() => {});
    },
  };
}
