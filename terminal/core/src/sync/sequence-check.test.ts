/// <reference types="node" />
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import { ServerReachability } from '../api/server-reachability.ts';
import { getMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { type ScriptedPosCore, startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { SequenceCheck } from './sequence-check.ts';

let pos: ScriptedPosCore;
beforeEach(async () => {
  pos = await startScriptedPosCore();
});
afterEach(async () => {
  await pos.close();
});

async function tillAgainst(terminalId: string, dbName = terminalId) {
  const db = new TillDatabase(dbName);
  await db.open();
  const reachability = new ServerReachability({ probe: async () => true });
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: 't', reachability }));
  return { db, check: new SequenceCheck({ db, posCore, terminalId, reachability }) };
}

describe('SequenceCheck', () => {
  it("when a till's database is younger than its terminal, then its numbering continues after the server's last seq", async () => {
    const terminalId = uniqueTerminalId('seq-floor');
    const first = await tillAgainst(terminalId);
    // The shift's opening is seq 1, the sales 2–5; the server has the sales.
    for (let i = 0; i < 4; i++) {
      const sale = await recordCash(first.db, terminalId);
      pos.created.set(sale.id, sale.order);
    }
    first.db.close();

    const fresh = await tillAgainst(terminalId, `${terminalId}-fresh`);
    await fresh.check.checkNow();
    expect(fresh.check.getSnapshot().nextSeq).toBe(6);
    // The reinstalled till opens its own shift (seq 6) before it sells (seq 7).
    expect((await recordCash(fresh.db, terminalId)).seq).toBe(7);
    fresh.db.close();
  });

  it('when the till is ahead of the server, then its counter never goes back', async () => {
    const terminalId = uniqueTerminalId('seq-ahead');
    const { db, check } = await tillAgainst(terminalId);
    for (let i = 0; i < 3; i++) await recordCash(db, terminalId);
    await check.checkNow();
    expect(await getMeta(db, 'nextSeq')).toBe(5); // the shift's opening and three sales
    db.close();
  });
});
