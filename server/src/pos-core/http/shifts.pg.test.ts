/**
 * Shifts at POS Core (issue 15): drawer records taken in with DESIGN §4's idempotency, the Z report
 * recomputed from what arrived — provisional while a seq of the shift is missing (named), final and
 * complete once every one arrived, immutable after — and the till's and the server's totals compared.
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { HEADERS } from '@pos/shared/http';
import { uuidv7 } from '@pos/shared/ids';
import type { OrderSubmission } from '@pos/shared/order';
import type { CashMovement, NoSale, ShiftClose, ShiftOpen, ShiftRecord } from '@pos/shared/shift-record';
import type { ZReport } from '@pos/shared/z-report';
import { computeZTotals, saleCountsInShift, type ZRefund } from '@pos/shared/z-totals';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForFinalOrder } from '../../testing/final-order.ts';
import { CROISSANT, ESPRESSO, orderFactory } from '../../testing/test-orders.ts';
import { refundFactory } from '../../testing/test-refunds.ts';
import { startTestStack, type TestStack } from '../../testing/test-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

/** One till's numbering for the whole file: every record below takes the next seq, so no test leaves a gap unless it means to. */
let nextSeq = 1;
const takeSeq = () => nextSeq++;
const base = (seq: number) => ({ id: uuidv7(), terminalId: DEMO_TERMINAL_ID, seq, createdAt: new Date().toISOString(), lamport: seq });

const opening = (float: number): ShiftOpen => ({ kind: 'shift-open', ...base(takeSeq()), currency: 'EUR', float });
const movement = (shift: ShiftOpen, direction: 'in' | 'out', amount: number): CashMovement => ({
  kind: 'cash-movement',
  ...base(takeSeq()),
  shiftId: shift.id,
  direction,
  amount,
  reason: direction === 'in' ? 'change from the bank' : 'to the safe',
});
const sale = (kind: 'cash' | 'card', lines = [{ product: ESPRESSO, quantity: 2 }], cardToken = 'tok_visa'): OrderSubmission => {
  const seq = takeSeq();
  const factory = orderFactory(DEMO_TERMINAL_ID, seq);
  const order = kind === 'cash' ? factory.cash(lines) : factory.card(cardToken, lines);
  // Cash handed over rounded up to the next 10.00: the till gave change.
  return kind === 'cash'
    ? { ...order, tenders: [{ type: 'cash', amount: order.total, received: Math.ceil(order.total / 1000) * 1000 }] }
    : order;
};
const drawerOpened = (shift: ShiftOpen, who: { staffId?: string; approvedBy?: string } = {}): NoSale => ({
  kind: 'no-sale',
  ...base(takeSeq()),
  shiftId: shift.id,
  ...who,
});
/** The close as the till makes it: its totals over the records it holds (the same shared function). */
const closing = (
  shift: ShiftOpen,
  held: { sales: OrderSubmission[]; movements: CashMovement[]; refunds?: ZRefund[]; noSales?: number },
  counted: number,
  zNumber: number,
): ShiftClose => {
  const seq = takeSeq();
  return {
    kind: 'shift-close',
    ...base(seq),
    shiftId: shift.id,
    lastSeq: seq,
    zNumber,
    count: { denominations: [{ value: 1, quantity: counted }], total: counted },
    tillTotals: computeZTotals({
      float: shift.float,
      sales: held.sales,
      refunds: held.refunds ?? [],
      movements: held.movements,
      noSales: held.noSales ?? 0,
      counted,
    }),
  };
};

const post = (record: unknown, key = (record as { id: string }).id, as: 'terminal' | 'otherTerminal' = 'terminal') =>
  stack.call('posCore', 'POST', '/v1/shift-records', { body: record, key, as });
const submitSale = (order: OrderSubmission) => stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
const zReport = async (shiftId: string, as: 'terminal' | 'manager' | 'otherManager' = 'manager') =>
  stack.call('posCore', 'GET', `/v1/shifts/${shiftId}/z-report`, { as });
const send = async (records: (ShiftRecord | OrderSubmission)[]) => {
  for (const r of records) {
    const answer = 'kind' in r ? await post(r) : await submitSale(r);
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  }
};

describe('POST /v1/shift-records', () => {
  it('when a record is sent, resent, resent with another body or badly, then it is recorded once and the rest answers as DESIGN §4 says', async () => {
    const shift = opening(10_000);
    const first = await post(shift);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ record: { id: shift.id, kind: 'shift-open', seq: shift.seq, shiftId: shift.id } });
    const again = await post(shift);
    expect(again.status).toBe(201);
    expect(again.headers.get(HEADERS.idempotentReplayed)).toBe('true');
    expect(again.body).toEqual(first.body);

    expect((await post({ ...shift, float: 1 })).status).toBe(422); // same key, another body
    const wrongKey = await post(shift, 'not-its-id');
    expect(wrongKey.status).toBe(400);
    const bad = await post({ ...opening(0), float: -5, extra: true });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const otherTill = await post({ ...opening(0) }, undefined, 'otherTerminal');
    expect(otherTill.status).toBe(403);
    // The refused ones took numbers on this file's counter but were never recorded: the till would not have used them.
    const { rows } = await stack.pools.posCore.query('SELECT id FROM shift_records WHERE tenant_id = $1', ['demo-store']);
    expect(rows.map((r) => r.id)).toEqual([shift.id]);
    nextSeq = shift.seq + 1; // give the unused numbers back

    // A seq another record already took: the till lost its numbering.
    const clash = movement(shift, 'in', 500);
    expect((await post({ ...clash, seq: shift.seq })).status).toBe(422);
    await send([clash, closing(shift, { sales: [], movements: [clash] }, 10_500, 1)]);
    const report = (await zReport(shift.id)).body.report as ZReport;
    expect(report).toMatchObject({ status: 'final', complete: true, missing: [], differences: [] });
    expect((await zReport(shift.id, 'otherManager')).status).toBe(404);
  });
});

describe('the Z report', () => {
  it('when a sale of the shift has not arrived, then the Z is provisional and names its seq; once it arrives, final and complete, equal to the till’s to the cent, and immutable', async () => {
    const shift = opening(20_000);
    const cash1 = sale('cash');
    const card = sale('card', [{ product: CROISSANT, quantity: 3 }]);
    const moneyIn = movement(shift, 'in', 1_000);
    const late = sale('cash', [{ product: CROISSANT, quantity: 1 }]);
    const moneyOut = movement(shift, 'out', 5_000);
    const held = { sales: [cash1, card, late], movements: [moneyIn, moneyOut] };
    const expected = computeZTotals({ float: 20_000, ...held, refunds: [], counted: null }).expectedCash;
    const close = closing(shift, held, expected - 20, 1);
    await send([shift, cash1, card, moneyIn, moneyOut, close]);

    const open = (await zReport(shift.id, 'terminal')).body.report as ZReport;
    expect(open).toMatchObject({
      status: 'provisional',
      complete: false,
      missing: [{ from: late.seq, to: late.seq }],
      zNumber: 1,
      issuedAt: null,
    });
    expect(open.differences).not.toEqual([]);

    await send([late]);
    const final = (await zReport(shift.id)).body.report as ZReport;
    expect(final).toMatchObject({ status: 'final', complete: true, missing: [], differences: [] });
    expect(final.totals).toEqual(close.tillTotals);
    expect(final.totals).toMatchObject({
      float: 20_000,
      difference: -20,
      cashIn: { count: 1, total: 1_000 },
      cashOut: { count: 1, total: 5_000 },
    });
    expect(final.totals.byTender.find((t) => t.type === 'card')?.sales).toBe(card.total);
    expect(final.issuedAt).not.toBeNull();

    // Issued once: the same report, even read again later.
    expect((await zReport(shift.id)).body.report).toEqual(final);
    const listed = await stack.call('posCore', 'GET', `/v1/terminals/${DEMO_TERMINAL_ID}/shifts?after=${shift.seq - 1}`, { as: 'manager' });
    expect(listed.status).toBe(200);
    expect(listed.body.shifts[0]).toEqual(final);
    // Drawer records are not gaps of the till's sequence.
    const reconciliation = await stack.call('posCore', 'GET', `/v1/terminals/${DEMO_TERMINAL_ID}/reconciliation`);
    expect(reconciliation.body).toMatchObject({ gaps: [], lastSeq: close.seq });
  });

  it('when a shift is closed by a signed-in member with a manager’s approval, then its report names who made its records, who closed it and who approved', async () => {
    const shift = { ...opening(10_000), staffId: 'staff-ada' };
    const moneyIn = { ...movement(shift, 'in', 500), staffId: 'staff-ada' };
    const close = { ...closing(shift, { sales: [], movements: [moneyIn] }, 9_000, 2), staffId: 'staff-ada', approvedBy: 'staff-max' };
    const unattended = opening(1_000);
    await send([shift, moneyIn, close, unattended]);
    expect((await zReport(shift.id)).body.report).toMatchObject({
      status: 'final',
      staff: ['staff-ada'],
      closedBy: 'staff-ada',
      closeApprovedBy: 'staff-max',
    });
    expect((await zReport(unattended.id)).body.report).toMatchObject({ status: 'open', staff: [], closedBy: null, closeApprovedBy: null });
    await send([closing(unattended, { sales: [], movements: [] }, 1_000, 3)]);
  });

  it('when the till counted a card sale the server then declined, then the final Z names the differences (a discrepancy for the manager)', async () => {
    const shift = opening(0);
    const declined = sale('card', [{ product: ESPRESSO, quantity: 1 }], 'tok_declined');
    const cash = sale('cash');
    const close = closing(shift, { sales: [declined, cash], movements: [] }, 1_000, 2);
    await send([shift, declined, cash, close]);
    const report = (await zReport(shift.id)).body.report as ZReport;
    expect(report.status).toBe('final');
    expect(report.totals.sales.count).toBe(1);
    expect(report.differences).toEqual(expect.arrayContaining(['sales.count', 'sales.total']));
  });

  it('when the drawer is opened without a sale, then each no-sale is a record of the shift’s sequence, counted in the X and Z and listed with who did it and who approved', async () => {
    const shift = opening(1_000);
    const alone = drawerOpened(shift, { staffId: 'staff-ada' });
    const approved = drawerOpened(shift, { staffId: 'staff-bob', approvedBy: 'staff-max' });
    await send([shift, alone, approved]);
    expect((await post(alone)).headers.get(HEADERS.idempotentReplayed)).toBe('true');
    const x = (await zReport(shift.id)).body.report as ZReport;
    expect(x).toMatchObject({ status: 'open', totals: { noSales: 2, expectedCash: 1_000 } });
    const close = closing(shift, { sales: [], movements: [], noSales: 2 }, 1_000, 5);
    await send([close]);
    const z = (await zReport(shift.id)).body.report as ZReport;
    expect(z).toMatchObject({ status: 'final', complete: true, missing: [], differences: [] });
    expect(z.totals.noSales).toBe(2);
    expect(z.noSales).toEqual([
      { seq: alone.seq, at: alone.createdAt, staffId: 'staff-ada', approvedBy: null },
      { seq: approved.seq, at: approved.createdAt, staffId: 'staff-bob', approvedBy: 'staff-max' },
    ]);
    expect(z.staff).toEqual(['staff-ada', 'staff-bob']);
    const { rows } = await stack.pools.posCore.query('SELECT kind FROM shift_records WHERE id = ANY($1::text[])', [
      [alone.id, approved.id],
    ]);
    expect(rows.map((r) => r.kind)).toEqual(['no-sale', 'no-sale']);
  });

  it('when two online refunds of one sale race and the second exceeds what remains, then one completes, one is recorded refused, both seqs are received and the Z is final with one refund', async () => {
    const shift = opening(5_000);
    const cash = sale('cash', [{ product: ESPRESSO, quantity: 1 }]);
    await send([shift, cash]);
    expect(await waitForFinalOrder(stack, cash.id)).toMatchObject({ status: 'confirmed' });
    const [first, second] = [takeSeq(), takeSeq()].map((seq) => refundFactory(DEMO_TERMINAL_ID, seq).of(cash, { tender: 'cash' }));
    const answers = await Promise.all([first!, second!].map((r) => stack.call('posCore', 'POST', '/v1/refunds', { body: r, key: r.id })));
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers.map((a) => a.body.refund.status).sort()).toEqual(['completed', 'refused']);
    const refused = answers.find((a) => a.body.refund.status === 'refused')!.body.refund;
    expect(refused.statusReason).toContain('more than remains refundable');

    const paidBack: ZRefund[] = [{ tenders: [{ type: 'cash', amount: cash.total }] }];
    const held = { sales: [cash], movements: [], refunds: paidBack };
    const counted = computeZTotals({ float: shift.float, ...held, counted: null }).expectedCash;
    const close = closing(shift, held, counted, 4);
    await send([close]);
    const report = (await zReport(shift.id)).body.report as ZReport;
    expect(report).toMatchObject({ status: 'final', complete: true, missing: [], differences: [] });
    expect(report.totals.refunds).toMatchObject({ count: 1, total: cash.total });
    expect(report.totals.difference).toBe(0);
    const reconciliation = await stack.call('posCore', 'GET', `/v1/terminals/${DEMO_TERMINAL_ID}/reconciliation`);
    expect(reconciliation.body).toMatchObject({ gaps: [], lastSeq: close.seq });
  });
});

describe('till and server compute the same Z totals', () => {
  it('for random shifts (sales in cash with change and by card, cash in and out), the server’s final totals equal the till’s', async () => {
    const line = fc.record({ product: fc.constantFrom(ESPRESSO, CROISSANT), quantity: fc.integer({ min: 1, max: 4 }) });
    const step = fc.oneof(
      fc.record({ t: fc.constant('cash' as const), lines: fc.array(line, { minLength: 1, maxLength: 3 }) }),
      fc.record({ t: fc.constant('card' as const), lines: fc.array(line, { minLength: 1, maxLength: 3 }) }),
      fc.record({ t: fc.constantFrom('in' as const, 'out' as const), amount: fc.integer({ min: 1, max: 20_000 }) }),
    );
    let zNumber = 10;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 50_000 }),
        fc.array(step, { maxLength: 8 }),
        fc.integer({ min: 0, max: 200_000 }),
        async (float, steps, counted) => {
          const shift = opening(float);
          await send([shift]);
          const held = { sales: [] as OrderSubmission[], movements: [] as CashMovement[] };
          for (const s of steps) {
            if (s.t === 'cash' || s.t === 'card') {
              const order = sale(s.t, s.lines);
              const answer = await submitSale(order);
              expect(answer.status).toBeLessThan(300);
              // As the till: a sale counts by the status it was answered with (a card the processor refused does not).
              if (saleCountsInShift(answer.body.order.status)) held.sales.push(order);
            } else {
              const m = movement(shift, s.t, s.amount);
              await send([m]);
              held.movements.push(m);
            }
          }
          const close = closing(shift, held, counted, ++zNumber);
          await send([close]);
          const report = (await zReport(shift.id)).body.report as ZReport;
          expect(report.status).toBe('final');
          expect(report.differences).toEqual([]);
          expect(report.totals).toEqual(close.tillTotals);
        },
      ),
      { numRuns: 12 },
    );
  });
});
