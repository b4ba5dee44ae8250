/**
 * The till's traced fetch against a real local HTTP server (issue #19 §1, §6): request id and Lamport
 * time out, the server's Lamport time observed, each sale's fate journaled; and the exported bundle
 * holds no card data.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HEADERS } from '@pos/shared/http';
import { UUID_PATTERN } from '@pos/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import type { SaleRecord } from '../outbox/outbox-record.ts';
import { settleSale } from '../outbox/settle-sales.ts';
import { openAcknowledgedShift, recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { buildDiagnosticsBundle } from './diagnostics-bundle.ts';
import { TillJournal } from './till-journal.ts';
import { tracedFetch } from './traced-fetch.ts';

const SERVER_LAMPORT = 1_000;
const seen: IncomingHttpHeaders[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const orders = (JSON.parse(body) as { orders: { id: string }[] }).orders;
      res.writeHead(200, { 'content-type': 'application/json', [HEADERS.lamport]: String(SERVER_LAMPORT) });
      res.end(JSON.stringify({ results: orders.map((o) => ({ id: o.id, status: 'confirmed', replayed: false })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function openTill() {
  const terminalId = uniqueTerminalId('traced');
  const db = new TillDatabase(terminalId);
  await db.open();
  const journal = new TillJournal(terminalId, null);
  return { db, terminalId, journal, fetch: tracedFetch({ db, journal }) };
}

const post = (fetch: typeof globalThis.fetch, base: string, body: unknown) =>
  fetch(`${base}/v1/orders/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('traced fetch', () => {
  it('when the server answers with its Lamport time, then the till sent a request id and its own time, and its next sale orders after the answer', async () => {
    const { db, journal, fetch, terminalId } = await openTill();
    const sale = await recordCash(db, terminalId);
    const answer = await post(fetch, url, { orders: [sale.order] });
    expect(answer.status).toBe(200);
    const headers = seen.at(-1)!;
    const requestId = String(headers[HEADERS.correlationId.toLowerCase()]);
    expect(requestId).toMatch(UUID_PATTERN);
    expect(Number(headers[HEADERS.lamport.toLowerCase()])).toBeGreaterThan(sale.order.lamport);
    expect(await getMeta(db, 'lamport')).toBeGreaterThan(SERVER_LAMPORT);
    const next = await recordCash(db, terminalId);
    expect(next.order.lamport).toBeGreaterThan(SERVER_LAMPORT);

    expect(journal.entries.map((e) => [e.event, e.orderId, e.requestId])).toEqual([
      ['order sent', sale.id, requestId],
      ['order acknowledged', sale.id, requestId],
    ]);
    expect(journal.entries[1]!.lamport).toBeGreaterThan(SERVER_LAMPORT);
    expect(journal.recentRequests.at(-1)).toMatchObject({ requestId, method: 'POST', path: '/v1/orders/batch', status: 200 });
    db.close();
  });

  it('when the server is unreachable, then the attempt is journaled as failed with no answer', async () => {
    const { db, journal, fetch, terminalId } = await openTill();
    const sale = await recordCash(db, terminalId);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(post(fetch, deadUrl, { orders: [sale.order] })).rejects.toThrow();
    expect(journal.entries.map((e) => e.event)).toEqual(['order sent', 'order send failed']);
    expect(journal.entries[1]).toMatchObject({ orderId: sale.id, detail: 'server unreachable' });
    expect(journal.recentRequests.at(-1)?.status).toBeNull();
    db.close();
  });

  it('when the till holds card sales and a reason with a card number, then the bundle holds neither the card token nor the number', async () => {
    const { db, journal, terminalId } = await openTill();
    await openAcknowledgedShift(db, terminalId);
    const sale = await recordCash(db, terminalId);
    const refused = await recordCash(db, terminalId);
    await settleSale(db, sale.id, { status: 'confirmed' });
    await settleSale(db, refused.id, { status: 'needs_attention', reason: 'refused: 4242 4242 4242 4242 is not a token' });
    const paidByCard: SaleRecord = {
      ...sale,
      status: 'confirmed',
      order: { ...sale.order, tenders: [{ type: 'card', amount: sale.order.total, cardToken: 'tok_visa' }] },
    };
    await db.sales.put(paidByCard);
    journal.add({
      time: new Date().toISOString(),
      lamport: 99,
      event: 'order rejected',
      orderId: refused.id,
      detail: 'card 4242424242424242',
    });

    const bundle = await buildDiagnosticsBundle(db, journal, terminalId);
    const text = JSON.stringify(bundle);
    expect(text).not.toContain('tok_visa');
    expect(text).not.toMatch(/4242 ?4242 ?4242 ?4242/);
    expect(bundle.summary).toMatchObject({ unsynced: 0, lastAckedSeq: sale.seq });
    expect(bundle.rejected).toEqual([{ orderId: refused.id, seq: refused.seq, reason: 'refused: [masked] is not a token' }]);
    expect(bundle.log.filter((e) => e.event === 'sale recorded').map((e) => e.orderId)).toEqual([sale.id, refused.id]);
    db.close();
  });
});
