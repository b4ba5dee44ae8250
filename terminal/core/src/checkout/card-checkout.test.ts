/// <reference types="node" />
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import { ServerReachability } from '../api/server-reachability.ts';
import { TillDatabase } from '../db/till-database.ts';
import { isSale } from '../outbox/outbox-record.ts';
import { closeShift } from '../shift/close-shift.ts';
import { NoOpenShiftError } from '../shift/open-shift-state.ts';
import { oneItemCart, openAcknowledgedShift, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { type ScriptedPosCore, startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { CardCheckout, CardPaymentRefused } from './card-checkout.ts';

let pos: ScriptedPosCore;
let db: TillDatabase;
let terminalId: string;

beforeEach(async () => {
  pos = await startScriptedPosCore();
  terminalId = uniqueTerminalId('card');
  db = new TillDatabase(terminalId);
  await db.open();
  await openAcknowledgedShift(db, terminalId);
});

afterEach(async () => {
  db.close();
  await pos.close();
});

function checkout(): CardCheckout {
  const reachability = new ServerReachability({ probe: async () => true });
  reachability.reportReachable();
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: 't', reachability, timeoutMs: 5_000 }));
  return new CardCheckout({ db, posCore, reachability, random: () => 0 });
}

const context = () => ({ terminalId, currency: 'EUR', priceListVersion: 1, captureMode: 'online' as const });

describe('CardCheckout', () => {
  it('when the outcome is unknown (connection cut, then 503), then it asks again with the same id and key and charges once', async () => {
    pos.script.push({ kind: 'drop' }, { kind: 'status', status: 503 });
    const card = checkout();
    const phases: string[] = [];
    card.subscribe(() => phases.push(card.getSnapshot().phase));
    const outcome = await card.charge({ cart: oneItemCart(), cardToken: 'tok_visa', context: context() });

    expect(outcome).toMatchObject({ phase: 'done', status: 'confirmed' });
    expect(phases).toContain('checking');
    const ids = new Set(pos.singles.map((s) => s.id));
    expect(ids.size).toBe(1);
    expect(pos.singles.every((s) => s.key === s.id)).toBe(true);
    expect(pos.singles).toHaveLength(3);
    expect(pos.creations.get([...ids][0]!)).toBe(1);
    const [sale] = (await db.sales.toArray()).filter(isSale);
    expect(sale).toMatchObject({ kind: 'card', status: 'confirmed' });
  });

  it('when POS Core answers 503 (nothing recorded), then the cashier is told no money moved and why, the sale keeps the reason, and the retry reuses the order', async () => {
    pos.script.push({ kind: 'status', status: 503 });
    const card = checkout();
    const checking: unknown[] = [];
    card.subscribe(() => {
      const state = card.getSnapshot();
      if (state.phase === 'checking') checking.push(state);
    });
    const outcome = await card.charge({ cart: oneItemCart(), cardToken: 'tok_visa', context: context() });
    expect(checking).toEqual([expect.objectContaining({ notRecorded: true, lastError: expect.stringContaining('503') })]);
    expect(outcome).toMatchObject({ phase: 'done', status: 'confirmed' });
    expect(new Set(pos.singles.map((s) => s.id)).size).toBe(1);
    expect(pos.singles).toHaveLength(2);
  });

  it('when the last card sale is still pending, then a second charge is refused', async () => {
    pos.statusFor = () => 'pending';
    const card = checkout();
    await expect(card.charge({ cart: oneItemCart(), cardToken: 'tok_visa', context: context() })).resolves.toMatchObject({
      status: 'pending',
    });
    await expect(card.charge({ cart: oneItemCart(), cardToken: 'tok_visa', context: context() })).rejects.toBeInstanceOf(
      CardPaymentRefused,
    );
    expect(pos.singles).toHaveLength(1);
  });

  it('when the till is offline, then no card sale is recorded or sent', async () => {
    const card = checkout();
    await expect(
      card.charge({ cart: oneItemCart(), cardToken: 'tok_visa', context: { ...context(), captureMode: 'offline' } }),
    ).rejects.toBeInstanceOf(CardPaymentRefused);
    expect(await db.sales.count()).toBe(1); // the shift's opening only
    expect(pos.singles).toHaveLength(0);
  });

  it('when no shift is open, then no card sale is recorded or sent', async () => {
    await closeShift(db, { terminalId, denominations: [] });
    await expect(checkout().charge({ cart: oneItemCart(), cardToken: 'tok_visa', context: context() })).rejects.toBeInstanceOf(
      NoOpenShiftError,
    );
    expect((await db.sales.toArray()).filter(isSale)).toEqual([]);
    expect(pos.singles).toHaveLength(0);
  });
});
