/// <reference types="node" />
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROBLEM_TYPE_BASE } from '@pos/shared/problem';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TillDatabase } from '../db/till-database.ts';
import { countUnsyncedSales } from '../outbox/read-sales.ts';
import { ensureOpenShift } from '../shift/ensure-open-shift.ts';
import { openAcknowledgedShift, recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { PairingError, pairTill } from './pair-till.ts';
import { readPairedCredential } from './paired-credential.ts';
import { resolveTillConfig } from './resolve-till-config.ts';
import { isRevocation, revokedMessage } from './revoked-till.ts';

/** A real HTTP server answering POST /v1/pairing like POS Core: one valid code, spent on first use. */
let server: Server;
let url: string;
let validCode: string | null;
const received: unknown[] = [];

beforeEach(async () => {
  validCode = 'K7QM-3XPD';
  received.length = 0;
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text) as { code: string; terminalId: string };
      received.push(body);
      if (body.code === 'SLOW-DOWN') {
        res.writeHead(429, { 'Content-Type': 'application/problem+json', 'Retry-After': '42' }).end('{}');
      } else if (validCode && body.code === validCode) {
        validCode = null;
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ token: `pos_till_${body.terminalId}_token_0123456789`, terminalId: body.terminalId, storeId: 'store-1' }));
      } else {
        res.writeHead(401, { 'Content-Type': 'application/problem+json' }).end('{"status":401}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((r) => server.close(() => r())));

const baseConfig = (terminalId: string) => ({ posCoreUrl: url, inventoryUrl: url, terminalId });

describe('pairing the till', () => {
  it('when a till without a token starts, then it needs pairing; after pairing, the stored token is used across restarts', async () => {
    const terminalId = uniqueTerminalId('pair');
    expect((await resolveTillConfig(baseConfig(terminalId))).kind).toBe('needs-pairing');
    const db = new TillDatabase(terminalId);
    await db.open();
    const paired = await pairTill({ posCoreUrl: url, terminalId, code: ' K7QM-3XPD ', db });
    db.close();
    expect(received).toEqual([{ code: 'K7QM-3XPD', terminalId }]);
    // "Restart": a new database connection reads what was saved.
    const resolved = await resolveTillConfig(baseConfig(terminalId));
    expect(resolved).toEqual({ kind: 'ready', config: { ...baseConfig(terminalId), token: paired.token } });
  });

  it('when the configuration carries a token and the till was paired, then the paired token wins', async () => {
    const terminalId = uniqueTerminalId('pair');
    const db = new TillDatabase(terminalId);
    await db.open();
    const paired = await pairTill({ posCoreUrl: url, terminalId, code: 'K7QM-3XPD', db });
    db.close();
    const resolved = await resolveTillConfig({ ...baseConfig(terminalId), token: 'configured-token-0123456789' });
    expect(resolved.kind === 'ready' && resolved.config.token).toBe(paired.token);
  });

  it('when the code is refused or rate limited, then a PairingError explains it and nothing is stored', async () => {
    const terminalId = uniqueTerminalId('pair');
    const db = new TillDatabase(terminalId);
    await db.open();
    await expect(pairTill({ posCoreUrl: url, terminalId, code: 'WRONG-CODE', db })).rejects.toThrow(/not valid/);
    await expect(pairTill({ posCoreUrl: url, terminalId, code: 'SLOW-DOWN', db })).rejects.toThrow(/in 42 s/);
    await expect(pairTill({ posCoreUrl: 'http://127.0.0.1:1', terminalId, code: 'K7QM-3XPD', db })).rejects.toBeInstanceOf(PairingError);
    expect(await readPairedCredential(db)).toBeNull();
    db.close();
  });

  it('when sales were queued before the till was paired again, then they are all still there to sync', async () => {
    const terminalId = uniqueTerminalId('pair');
    const db = new TillDatabase(terminalId);
    await db.open();
    const shift = await ensureOpenShift(db, { terminalId, currency: 'EUR' });
    const sales = [await recordCash(db, terminalId), await recordCash(db, terminalId)];
    await pairTill({ posCoreUrl: url, terminalId, code: 'K7QM-3XPD', db });
    expect((await db.sales.orderBy('seq').toArray()).map((s) => [s.id, s.status])).toEqual(
      [shift.id, ...sales.map((s) => s.id)].map((id) => [id, 'queued']),
    );
    db.close();
  });
});

describe('a revoked till', () => {
  it('when the server says the credential was revoked, then the till counts the sales it keeps and says so', async () => {
    const terminalId = uniqueTerminalId('revoked');
    const db = new TillDatabase(terminalId);
    await db.open();
    await openAcknowledgedShift(db, terminalId);
    await recordCash(db, terminalId);
    await recordCash(db, terminalId);
    expect(isRevocation({ status: 401, type: `${PROBLEM_TYPE_BASE}credential-revoked` })).toBe(true);
    expect(isRevocation({ status: 401, type: `${PROBLEM_TYPE_BASE}unauthorized` })).toBe(false);
    const unsynced = await countUnsyncedSales(db);
    expect(unsynced).toBe(2);
    expect(revokedMessage(unsynced)).toBe(
      'This till was revoked by the store manager — 2 sales kept locally. Export them and give the file to the manager.',
    );
    db.close();
  });
});
