/// <reference types="node" />
/**
 * Staff at the till: the staff copy read from POS Core (real HTTP), sign-in offline from it, the
 * lockout after five wrong PINs (kept across a reload, per member, lifted after LOCKOUT_MS), who sold
 * a sale, overrides with their approver, and the staff records on the till's one sequence, sent once.
 */

import { uuidv7 } from '@pos/shared/ids';
import { hashPin } from '@pos/shared/pin-hash';
import type { StaffRole, TillStaffMember } from '@pos/shared/staff';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import { ServerReachability } from '../api/server-reachability.ts';
import { recordCashSale } from '../checkout/record-cash-sale.ts';
import { currentSaleContext } from '../checkout/sale-context.ts';
import { putMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { allSales } from '../outbox/read-sales.ts';
import { ensureOpenShift } from '../shift/ensure-open-shift.ts';
import { SyncEngine } from '../sync/sync-engine.ts';
import { oneItemCart, recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { type ScriptedPosCore, startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { waitFor } from '../testing/wait-for.ts';
import { LOCKOUT_MS, MAX_WRONG_PINS } from './pin-lockout.ts';
import { StaffSession } from './staff-session.ts';
import { StaffSync } from './staff-sync.ts';

const member = async (name: string, role: StaffRole, pin: string, active = true): Promise<TillStaffMember> => ({
  id: uuidv7(),
  name,
  role,
  active,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  pinHash: await hashPin(pin),
});

let ada: TillStaffMember;
let bea: TillStaffMember;
let max: TillStaffMember;
let gone: TillStaffMember;
beforeAll(async () => {
  [ada, bea, max, gone] = await Promise.all([
    member('Ada', 'cashier', '1111'),
    member('Bea', 'supervisor', '2222'),
    member('Max', 'manager', '3333'),
    member('Gone', 'manager', '4444', false),
  ]);
});

let pos: ScriptedPosCore;
let terminalId: string;
let online = true;
const opened: TillDatabase[] = [];
const stoppers: (() => unknown)[] = [];
beforeEach(async () => {
  pos = await startScriptedPosCore();
  terminalId = uniqueTerminalId('staff');
  online = true;
});
afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((stop) => stop()));
  for (const db of opened.splice(0)) db.close();
  await pos.close();
});

/** A till window: its database (reopened when called again: a reload), its staff copy and session; `clock` moves time. */
async function openTill(clock = { now: Date.now() }) {
  const db = new TillDatabase(terminalId);
  await db.open();
  opened.push(db);
  const reachability = new ServerReachability({ probe: async () => online });
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: 'test-token', reachability }));
  const staffSync = new StaffSync({ db, posCore, reachability });
  const session = new StaffSession({ db, terminalId, now: () => new Date(clock.now) });
  session.start();
  stoppers.push(() => session.stop());
  const context = () => currentSaleContext(db, terminalId, reachability);
  return { db, posCore, reachability, staffSync, session, context, clock };
}

/** A till that read the store's staff once, then lost POS Core. */
async function offlineTillWithStaff() {
  pos.staff = [ada, bea, max, gone];
  const till = await openTill();
  await till.staffSync.refresh();
  await putMeta(till.db, 'storeCurrency', 'EUR');
  online = false;
  await pos.close();
  return till;
}

describe('staff sign-in at the till', () => {
  it('when the store has no staff, then no sign-in is asked for and sales name no one', async () => {
    const till = await openTill();
    await till.staffSync.refresh();
    await putMeta(till.db, 'storeCurrency', 'EUR');
    await waitFor(async () => till.session.getSnapshot().loaded, 'snapshot loaded');
    expect(till.session.getSnapshot()).toMatchObject({ signInRequired: false, current: null });
    expect(await till.session.overrideNeeded({ action: 'no_sale' })).toBeNull();
    expect((await till.context()).staffId).toBeUndefined();
  });

  it('when POS Core is down, then a member signs in from the cached hashes, and sales and records name them', async () => {
    const till = await offlineTillWithStaff();
    await waitFor(async () => till.session.getSnapshot().signInRequired, 'sign-in required');
    // Who may sign in: active members only, by name; the PIN hash is never shown to the screens.
    expect(till.session.getSnapshot().staff.map((s) => s.name)).toEqual(['Ada', 'Bea', 'Max']);
    expect(JSON.stringify(till.session.getSnapshot())).not.toContain('$2');

    expect(await till.session.signIn(ada.id, '9999')).toEqual({ kind: 'wrong', triesLeft: MAX_WRONG_PINS - 1 });
    expect(await till.session.signIn(gone.id, '4444')).toEqual({ kind: 'unknown' });
    expect(await till.session.signIn(ada.id, '1111')).toMatchObject({ kind: 'signed_in', staff: { id: ada.id, role: 'cashier' } });
    await waitFor(async () => till.session.getSnapshot().current?.id === ada.id, 'Ada shown signed in');
    expect((await till.context()).staffId).toBe(ada.id);

    // A switch of cashier: Ada's sign-out and Bea's sign-in, on the same sequence as the sale between.
    const sale = await recordCash(till.db, terminalId, undefined, 'offline');
    expect(await till.session.signIn(bea.id, '2222')).toMatchObject({ kind: 'signed_in' });
    await till.session.signOut();
    expect(await till.session.currentStaff()).toBeNull();
    const records = await allSales(till.db);
    expect(records.map((r) => [r.seq, r.entry])).toEqual([
      [1, 'staff-sign-in'],
      [2, 'shift-open'],
      [3, 'sale'],
      [4, 'staff-sign-in'],
      [5, 'staff-sign-in'],
      [6, 'staff-sign-in'],
    ]);
    const signIns = records.flatMap((r) => (r.entry === 'staff-sign-in' ? [[r.signIn.staffId, r.signIn.action, r.signIn.seq]] : []));
    expect(signIns).toEqual([
      [ada.id, 'sign_in', 1],
      [ada.id, 'sign_out', 4],
      [bea.id, 'sign_in', 5],
      [bea.id, 'sign_out', 6],
    ]);
    expect(sale.seq).toBe(3);
  });

  it(`when a member enters ${MAX_WRONG_PINS} wrong PINs, then they are locked out on this till, across a reload, until the lockout ends; others are not`, async () => {
    const first = await offlineTillWithStaff();
    for (let i = 1; i < MAX_WRONG_PINS; i++)
      expect(await first.session.signIn(ada.id, '0000')).toEqual({ kind: 'wrong', triesLeft: MAX_WRONG_PINS - i });
    const locked = await first.session.signIn(ada.id, '0000');
    expect(locked).toEqual({ kind: 'locked', until: first.clock.now + LOCKOUT_MS });
    // The right PIN is refused too while locked out.
    expect(await first.session.signIn(ada.id, '1111')).toMatchObject({ kind: 'locked' });
    // Another member is not affected.
    expect(await first.session.signIn(bea.id, '2222')).toMatchObject({ kind: 'signed_in' });

    // A reload: a new window on the same database, the same moment.
    first.db.close();
    const reloaded = await openTill(first.clock);
    expect(await reloaded.session.signIn(ada.id, '1111')).toMatchObject({ kind: 'locked' });
    expect(await reloaded.session.currentStaff()).toMatchObject({ id: bea.id });

    reloaded.clock.now += LOCKOUT_MS - 1;
    expect(await reloaded.session.signIn(ada.id, '1111')).toMatchObject({ kind: 'locked' });
    reloaded.clock.now += 1;
    expect(await reloaded.session.signIn(ada.id, '1111')).toMatchObject({ kind: 'signed_in' });
    // A right PIN starts the count afresh.
    expect(await reloaded.session.signIn(ada.id, '0000')).toEqual({ kind: 'wrong', triesLeft: MAX_WRONG_PINS - 1 });
  });
});

describe('overrides at the till', () => {
  it('when a cashier needs an override, then only another member of the role approves it, with their PIN, and the record names the approver', async () => {
    const till = await offlineTillWithStaff();
    await till.session.signIn(ada.id, '1111');
    const requirement = await till.session.overrideNeeded({ action: 'remove_line_after_payment' });
    expect(requirement).toEqual({ action: 'remove_line_after_payment', approverRole: 'supervisor' });
    expect(await till.session.overrideNeeded({ action: 'discount', discountBps: 1_000 })).toBeNull();
    expect(await till.session.overrideNeeded({ action: 'discount', discountBps: 3_000 })).toEqual({
      action: 'discount',
      approverRole: 'manager',
    });

    expect(await till.session.approve(requirement!, ada.id, '1111')).toEqual({ kind: 'not_allowed' });
    expect(await till.session.approve(requirement!, bea.id, '2223')).toEqual({ kind: 'wrong', triesLeft: MAX_WRONG_PINS - 1 });
    const approved = await till.session.approve(requirement!, bea.id, '2222', { subjectId: 'sale-1', detail: 'Espresso ×1' });
    expect(approved).toMatchObject({ kind: 'approved', approver: { id: bea.id, name: 'Bea' } });
    if (approved.kind !== 'approved') throw new Error('not approved');
    expect(approved.record.override).toMatchObject({
      action: 'remove_line_after_payment',
      staffId: ada.id,
      approvedBy: bea.id,
      subjectId: 'sale-1',
      detail: 'Espresso ×1',
      seq: 2,
    });
    // A supervisor may do it on their own.
    await till.session.signIn(bea.id, '2222');
    expect(await till.session.overrideNeeded({ action: 'remove_line_after_payment' })).toBeNull();
    expect(await till.session.overrideNeeded({ action: 'shift_close_difference', difference: -500, tolerance: 100 })).toEqual({
      action: 'shift_close_difference',
      approverRole: 'manager',
    });
  });
});

describe('staff records reach POS Core', () => {
  it('when the till comes back online, then its sign-ins and overrides are sent with its sales in seq order, each once', async () => {
    pos.staff = [ada, bea, max];
    const till = await openTill();
    await till.staffSync.refresh();
    await putMeta(till.db, 'storeCurrency', 'EUR');
    await till.session.signIn(ada.id, '1111');
    await ensureOpenShift(till.db, { terminalId, currency: 'EUR' });
    // Sold through the checkout's own sale context: it names who is signed in.
    await recordCashSale(till.db, { cart: oneItemCart(), received: 300, context: await till.context() });
    const requirement = await till.session.overrideNeeded({ action: 'no_sale' });
    await till.session.approve(requirement!, max.id, '3333');
    await till.session.signOut();
    const engine = new SyncEngine({
      db: till.db,
      posCore: till.posCore,
      terminalId,
      locks: null,
      random: () => 0,
      pendingPollMs: 20,
      idleCheckMs: 50,
    });
    stoppers.push(() => engine.stop());
    engine.start();
    await waitFor(async () => (await allSales(till.db)).every((r) => r.status === 'confirmed'), 'every record confirmed');
    expect(pos.staffRecordsSent).toBe(3);
    // 1 sign-in, 2 the shift's opening, 3 the sale, 4 the override, 5 the sign-out.
    expect([...pos.staffRecords.values()].map((r) => r.seq)).toEqual([1, 4, 5]);
    expect([...pos.created.values()].map((o) => [o.seq, o.staffId])).toEqual([[3, ada.id]]);
    const override = [...pos.staffRecords.values()].find((r) => 'approvedBy' in r);
    expect(override).toMatchObject({ action: 'no_sale', staffId: ada.id, approvedBy: max.id });
  });
});
