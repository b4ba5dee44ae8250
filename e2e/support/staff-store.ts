/**
 * A store of its own for a staff test (created through the operator API), so that its staff never
 * ask the demo store's tills — shared by every spec of the worker — to sign in. It has one paired till
 * and one stocked product.
 */
import { randomUUID } from 'node:crypto';
import { type Browser, expect } from '@playwright/test';
import type { StaffMember, StaffRole } from '@pos/shared/staff';
import { TillPage } from '../pages/till-page.ts';
import { pairTill, runAsTill } from './pair-till.ts';
import type { Stack } from './stack.ts';

export interface StaffStore {
  managerToken: string;
  terminalId: string;
  tillToken: string;
  productId: string;
  /** GET on POS Core with the store manager's token. */
  get(path: string): Promise<unknown>;
  /** PUT on POS Core with the store manager's token (answers 200 or throws). */
  put(path: string, body: unknown): Promise<unknown>;
  /** Adds a staff member through the manager's API (`POST /v1/store/staff`). */
  createStaff(name: string, role: StaffRole, pin: string): Promise<StaffMember>;
}

export async function createStaffStore(stack: Stack, label: string): Promise<StaffStore> {
  const call = async (url: string, token: string, body: unknown, expected: number) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    if (res.status !== expected) throw new Error(`POST ${url} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { managerToken } = (await call(
    `${stack.urls['pos-core']}/v1/stores`,
    stack.tokens.operator,
    { name: `Staff ${label}`, currency: 'EUR' },
    201,
  )) as {
    managerToken: string;
  };
  const terminalId = `staff-${label}-till`;
  const tillToken = await pairTill(stack, terminalId, managerToken);
  const productId = `p-staff-${label}`;
  await call(
    `${stack.urls.inventory}/v1/products`,
    managerToken,
    {
      id: productId,
      sku: `SKU-${label}`,
      barcode: '4006381333931',
      name: `Staff tea ${label}`,
      category: 'drinks',
      price: 300,
      taxRateBps: 700,
    },
    201,
  );
  await call(`${stack.urls.inventory}/v1/stock/movements`, managerToken, { productId, kind: 'receipt', quantity: 50, reason: 'e2e' }, 201);
  const get = async (path: string) => {
    const res = await fetch(`${stack.urls['pos-core']}${path}`, { headers: { Authorization: `Bearer ${managerToken}` } });
    if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${stack.urls['pos-core']}${path}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${managerToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`PUT ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const createStaff = async (name: string, role: StaffRole, pin: string) =>
    ((await call(`${stack.urls['pos-core']}/v1/store/staff`, managerToken, { name, role, pin }, 201)) as { staff: StaffMember }).staff;
  return { managerToken, terminalId, tillToken, productId, get, put, createStaff };
}

/**
 * The store's till in a browser context of its own (its credentials, not the demo till's), on its
 * sign-in screen; with `signIn`, that member is signed in and the till has its numbers.
 */
export async function openStaffStoreTill(
  browser: Browser,
  stack: Stack,
  store: StaffStore,
  signIn?: { name: string; pin: string },
): Promise<TillPage> {
  const context = await browser.newContext();
  await runAsTill(context, stack, store.terminalId, store.tillToken);
  const till = new TillPage(await context.newPage());
  await till.goto(stack.urls.till, { numbered: false });
  if (signIn) {
    await till.signIn(signIn.name, signIn.pin);
    await expect(till.byTestId('current-staff')).toHaveText(signIn.name);
    await till.waitForNumbering();
  }
  return till;
}
