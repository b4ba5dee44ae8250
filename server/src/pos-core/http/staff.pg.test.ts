/**
 * Staff (http/staff-router.ts) on the real services and PostgreSQL: the manager's API (idempotent,
 * tenant-scoped, 400s that change nothing), PINs stored only as salted bcrypt hashes, the tills' list
 * with hashes, the tills' sign-in and override records (exactly once, seq collisions refused), and a
 * sale's staff id.
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { uuidv7 } from '@pos/shared/ids';
import { verifyPin } from '@pos/shared/pin-hash';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderFactory } from '../../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../../testing/test-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

type As = 'manager' | 'otherManager' | 'terminal' | 'otherTerminal';
const call = (method: string, path: string, options: { as?: As; body?: unknown; key?: string } = {}) =>
  stack.call('posCore', method, path, { as: options.as ?? 'manager', body: options.body, key: options.key });
const create = (body: unknown, key = uuidv7(), as: As = 'manager') => call('POST', '/v1/store/staff', { body, key, as });
const staffRows = async () =>
  (
    await stack.pools.posCore.query<{ id: string; tenant_id: string; pin_hash: string; role: string; active: boolean }>(
      'SELECT * FROM staff',
    )
  ).rows;

describe('the manager manages staff', () => {
  it('when a member is created, then the answer has no PIN nor hash, and only a salted bcrypt hash of the PIN is stored', async () => {
    const answer = await create({ name: 'Ada', role: 'cashier', pin: '4711' });
    expect(answer.status).toBe(201);
    expect(answer.body.staff).toMatchObject({ name: 'Ada', role: 'cashier', active: true });
    expect(JSON.stringify(answer.body)).not.toContain('4711');
    expect(answer.body.staff.pinHash).toBeUndefined();
    const row = (await staffRows()).find((r) => r.id === answer.body.staff.id)!;
    expect(row.pin_hash).toMatch(/^\$2[aby]\$10\$/);
    expect(row.pin_hash).not.toContain('4711');
    expect(await verifyPin('4711', row.pin_hash)).toBe(true);
    expect(await verifyPin('4712', row.pin_hash)).toBe(false);
    // Two members with one PIN get different hashes (salted).
    const twin = await create({ name: 'Bea', role: 'cashier', pin: '4711' });
    const twinRow = (await staffRows()).find((r) => r.id === twin.body.staff.id)!;
    expect(twinRow.pin_hash).not.toBe(row.pin_hash);
    // Nothing the server keeps holds the PIN: neither the stored answers nor the fingerprints of the idempotency keys.
    const keys = await stack.pools.posCore.query<{ fingerprint: string; response_body: unknown }>(
      'SELECT fingerprint, response_body FROM idempotency_keys',
    );
    expect(JSON.stringify(keys.rows)).not.toContain('4711');
  });

  it('when a create is retried with its key, then one member exists and the replay answers the same; another body with the key is 422', async () => {
    const key = uuidv7();
    const first = await create({ name: 'Cleo', role: 'supervisor', pin: '123456' }, key);
    const again = await create({ name: 'Cleo', role: 'supervisor', pin: '123456' }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.staff.id).toBe(first.body.staff.id);
    expect((await staffRows()).filter((r) => r.id === first.body.staff.id)).toHaveLength(1);
    const other = await create({ name: 'Cleo', role: 'manager', pin: '123456' }, key);
    expect(other.status).toBe(422);
    expect((await call('GET', '/v1/store/staff?limit=1000')).body.staff.filter((s: { name: string }) => s.name === 'Cleo')).toHaveLength(1);
  });

  it('when the input is bad, then 400 problem+json names the field and nothing is stored', async () => {
    const before = (await staffRows()).length;
    for (const [body, field] of [
      [{ name: 'Dan', role: 'cashier', pin: '123' }, 'pin'],
      [{ name: 'Dan', role: 'cashier', pin: '1234567' }, 'pin'],
      [{ name: 'Dan', role: 'cashier', pin: '12a4' }, 'pin'],
      [{ name: 'Dan', role: 'owner', pin: '1234' }, 'role'],
      [{ name: '', role: 'cashier', pin: '1234' }, 'name'],
      [{ name: 'Dan', role: 'cashier', pin: '1234', extra: 1 }, ''],
    ] as const) {
      const answer = await create(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(answer.body.errors), JSON.stringify(body)).toContain(field);
      expect(JSON.stringify(answer.body)).not.toContain('12a4');
    }
    const noKey = await call('POST', '/v1/store/staff', { body: { name: 'Dan', role: 'cashier', pin: '1234' } });
    expect(noKey.status).toBe(400);
    expect((await staffRows()).length).toBe(before);
  });

  it('when the role is changed, the PIN reset and the member deactivated, then each runs once per key and the list shows it', async () => {
    const { id } = (await create({ name: 'Eve', role: 'cashier', pin: '2222' })).body.staff;
    const roleKey = uuidv7();
    expect((await call('PUT', `/v1/store/staff/${id}/role`, { body: { role: 'supervisor' }, key: roleKey })).body.staff.role).toBe(
      'supervisor',
    );
    const hashBefore = (await staffRows()).find((r) => r.id === id)!.pin_hash;
    const pinKey = uuidv7();
    expect((await call('PUT', `/v1/store/staff/${id}/pin`, { body: { pin: '3333' }, key: pinKey })).status).toBe(200);
    const hashAfter = (await staffRows()).find((r) => r.id === id)!.pin_hash;
    expect(await verifyPin('3333', hashAfter)).toBe(true);
    expect(hashAfter).not.toBe(hashBefore);
    // A replay of the reset writes nothing (the hash stays the one the first request made).
    const replay = await call('PUT', `/v1/store/staff/${id}/pin`, { body: { pin: '3333' }, key: pinKey });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await staffRows()).find((r) => r.id === id)!.pin_hash).toBe(hashAfter);
    expect((await call('PUT', `/v1/store/staff/${id}/pin`, { body: { pin: '33' }, key: uuidv7() })).status).toBe(400);
    expect((await call('POST', `/v1/store/staff/${id}/deactivate`, { body: {}, key: uuidv7() })).body.staff.active).toBe(false);
    const listed = (await call('GET', '/v1/store/staff?limit=1000')).body.staff.find((s: { id: string }) => s.id === id);
    expect(listed).toMatchObject({ role: 'supervisor', active: false });
    expect((await call('PUT', `/v1/store/staff/not-a-uuid/role`, { body: { role: 'manager' }, key: uuidv7() })).status).toBe(400);
  });

  it("when another store's manager or a till calls, then the member is not found, not listed, and not changed", async () => {
    const { id } = (await create({ name: 'Finn', role: 'cashier', pin: '5555' })).body.staff;
    expect((await call('PUT', `/v1/store/staff/${id}/role`, { body: { role: 'manager' }, key: uuidv7(), as: 'otherManager' })).status).toBe(
      404,
    );
    expect((await call('POST', `/v1/store/staff/${id}/deactivate`, { body: {}, key: uuidv7(), as: 'otherManager' })).status).toBe(404);
    expect((await call('GET', '/v1/store/staff', { as: 'otherManager' })).body.staff).toEqual([]);
    expect((await call('GET', '/v1/staff', { as: 'otherTerminal' })).body.staff).toEqual([]);
    expect((await create({ name: 'Mallory', role: 'manager', pin: '0000' }, uuidv7(), 'terminal')).status).toBe(403);
    expect((await staffRows()).find((r) => r.id === id)).toMatchObject({ role: 'cashier', active: true });
    // The same key in two stores is two requests (keys are per tenant).
    const key = uuidv7();
    expect((await create({ name: 'Gus', role: 'cashier', pin: '6666' }, key)).status).toBe(201);
    const other = await create({ name: 'Gus', role: 'cashier', pin: '6666' }, key, 'otherManager');
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });

  it("when a till reads its store's staff, then it gets every member with the PIN's hash, paged", async () => {
    const all: { id: string; pinHash: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { staff: { id: string; pinHash: string }[]; nextCursor: string | null } } = await call(
        'GET',
        `/v1/staff?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { as: 'terminal' },
      );
      all.push(...page.body.staff);
      cursor = page.body.nextCursor;
    } while (cursor);
    const rows = (await staffRows()).filter((r) => r.tenant_id !== 'other-store');
    expect(all.map((s) => s.id).sort()).toEqual(rows.map((r) => r.id).sort());
    for (const member of all) expect(member.pinHash).toBe(rows.find((r) => r.id === member.id)!.pin_hash);
    expect((await call('GET', '/v1/staff', { as: 'manager' })).status).toBe(403);
    expect((await call('GET', '/v1/staff?cursor=bogus', { as: 'terminal' })).status).toBe(400);
  });
});

describe("the till's staff records", () => {
  let seq = 1000;
  const record = (fields: Record<string, unknown> = {}) => ({
    id: uuidv7(),
    terminalId: DEMO_TERMINAL_ID,
    seq: ++seq,
    createdAt: new Date().toISOString(),
    lamport: seq,
    ...fields,
  });
  const send = (kind: 'sign-ins' | 'overrides', records: unknown[], as: As = 'terminal') =>
    call('POST', `/v1/staff/${kind}/batch`, { body: { records }, as });

  it('when sign-ins and overrides are sent and resent, then each is recorded once and the overrides list names the approver', async () => {
    const staffId = uuidv7();
    const approver = uuidv7();
    const signIn = record({ staffId, action: 'sign_in' });
    const override = record({ action: 'no_sale', staffId, approvedBy: approver, subjectId: null, detail: 'drawer opened' });
    const first = await send('sign-ins', [signIn]);
    expect(first.body.results).toEqual([{ id: signIn.id, status: 'confirmed', replayed: false }]);
    expect((await send('sign-ins', [signIn, signIn])).body.results).toEqual([
      { id: signIn.id, status: 'confirmed', replayed: true },
      { id: signIn.id, status: 'confirmed', replayed: true },
    ]);
    expect((await send('overrides', [override])).body.results[0]).toMatchObject({ status: 'confirmed', replayed: false });
    expect((await send('overrides', [override])).body.results[0]).toMatchObject({ status: 'confirmed', replayed: true });
    const counts = await stack.pools.posCore.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM staff_sign_ins WHERE id = $1) + (SELECT count(*) FROM staff_overrides WHERE id = $2) AS n',
      [signIn.id, override.id],
    );
    expect(counts.rows[0]!.n).toBe(2);
    const listed = (await call('GET', '/v1/store/staff/overrides?limit=1000')).body.overrides.find(
      (o: { id: string }) => o.id === override.id,
    );
    expect(listed).toMatchObject({ action: 'no_sale', staffId, approvedBy: approver, terminalId: DEMO_TERMINAL_ID, seq: override.seq });
    expect((await call('GET', '/v1/store/staff/overrides', { as: 'otherManager' })).body.overrides).toEqual([]);
  });

  it("when an item is bad, another till's, reuses a seq or its id with another body, then that item alone is refused", async () => {
    const good = record({ staffId: uuidv7(), action: 'sign_out' });
    const reused = { ...record({ staffId: uuidv7(), action: 'sign_in' }), seq: good.seq };
    const bad = record({ staffId: 'nobody', action: 'sign_in' });
    const foreign = record({ staffId: uuidv7(), action: 'sign_in', terminalId: 'someone-else' });
    const answer = await send('sign-ins', [good, bad, foreign]);
    expect(answer.body.results[0]).toMatchObject({ id: good.id, status: 'confirmed' });
    expect(answer.body.results[1].error).toMatchObject({ status: 400 });
    expect(answer.body.results[2].error).toMatchObject({ status: 403 });
    expect((await send('sign-ins', [reused])).body.results[0].error).toMatchObject({ status: 422 });
    expect((await send('sign-ins', [{ ...good, action: 'sign_in' }])).body.results[0].error).toMatchObject({ status: 422 });
    expect((await send('sign-ins', [])).status).toBe(400);
    expect((await send('sign-ins', [good], 'manager')).status).toBe(403);
    const { rows } = await stack.pools.posCore.query('SELECT id FROM staff_sign_ins WHERE id = ANY($1::text[])', [
      [reused.id, bad.id, foreign.id],
    ]);
    expect(rows).toEqual([]);
  });

  it('when a sale names its staff member, then POS Core keeps it and answers it', async () => {
    const staffId = uuidv7();
    const order = orderFactory(DEMO_TERMINAL_ID, 5000).cash([{}], { staffId });
    const answer = await call('POST', '/v1/orders/batch', { body: { orders: [order] }, as: 'terminal' });
    expect(answer.body.results[0]).toMatchObject({ id: order.id });
    expect((await call('GET', `/v1/orders/${order.id}`)).body.order.staffId).toBe(staffId);
  });
});
