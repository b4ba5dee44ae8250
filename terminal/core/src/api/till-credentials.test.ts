/// <reference types="node" />
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TillDatabase } from '../db/till-database.ts';
import { SyncEngine } from '../sync/sync-engine.ts';
import { recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { type ScriptedPosCore, startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { waitFor } from '../testing/wait-for.ts';
import { HttpClient } from './http-client.ts';
import { PosCoreClient } from './pos-core-client.ts';
import { ReloadableCredentials } from './till-credentials.ts';

let pos: ScriptedPosCore;
beforeEach(async () => {
  pos = await startScriptedPosCore();
});
afterEach(async () => {
  await pos.close();
});

describe('token rotation', () => {
  it('when the token was rotated, then one 401 re-reads the configuration and the request is retried with the new token', async () => {
    pos.acceptedToken = 'new-token';
    let reads = 0;
    const credentials = new ReloadableCredentials('old-token', async () => {
      reads += 1;
      return 'new-token';
    });
    const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: credentials }));
    expect(await posCore.getReconciliation('till-1')).toMatchObject({ lastSeq: 0 });
    expect(pos.tokensSeen).toEqual(['old-token', 'new-token']);
    expect(reads).toBe(1);
  });

  it('when the token stays refused, then the engine shows unauthorized with every sale kept, and drains once the configuration has the new token', async () => {
    const terminalId = uniqueTerminalId('rotate');
    const db = new TillDatabase(terminalId);
    await db.open();
    const sales = [await recordCash(db, terminalId), await recordCash(db, terminalId)];
    pos.acceptedToken = 'rotated-token';
    let configured = 'old-token';
    const credentials = new ReloadableCredentials('old-token', async () => configured);
    const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: credentials, timeoutMs: 5_000 }));
    const engine = new SyncEngine({ db, posCore, terminalId, locks: null, random: () => 0.5, backoff: { baseMs: 100, capMs: 100 } });
    const states = new Set<string>();
    engine.subscribe(() => states.add(engine.getSnapshot().state));
    engine.start();
    try {
      await waitFor(() => states.has('unauthorized'), 'unauthorized');
      // Kept, unsent (queued, or on the wire again for the next retry), and nothing reached the server.
      expect((await db.sales.toArray()).every((s) => s.status === 'queued' || s.status === 'sending')).toBe(true);
      expect(await db.sales.count()).toBe(3); // the shift's opening and the two sales
      expect(pos.created.size + pos.shiftRecords.size).toBe(0);
      configured = 'rotated-token';
      await waitFor(async () => (await db.sales.where('status').equals('confirmed').count()) === 3, 'records confirmed with the new token');
      expect([...pos.created.keys()].sort()).toEqual(sales.map((s) => s.id).sort());
      expect(pos.shiftRecords.size).toBe(1);
    } finally {
      await engine.stop();
      db.close();
    }
  });
});
