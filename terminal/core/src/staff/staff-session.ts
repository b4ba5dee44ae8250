/**
 * Who works the till now (issue #15). A store without staff (none cached) runs as before: no sign-in,
 * `current` null. Once the till knows active staff, selling needs a signed-in member: they choose their
 * name and enter their PIN, checked offline (check-staff-pin.ts; five wrong PINs lock them out here).
 * Each sign-in and sign-out is an outbox record ('staff-sign-in'); the member signed in is kept in meta
 * `currentStaffId` (a reload keeps them signed in) and every sale records them (checkout/sale-context.ts).
 *
 *   no staff ──staff cached──▶ signed out ──right PIN──▶ signed in ──sign out──▶ signed out
 *                                   ▲ wrong PIN ×5: that member locked out ─┘ (switch: sign in another)
 */
import type { StaffRole } from '@pos/shared/staff';
import { type GuardedAction, type OverrideRequirement, overrideNeeded } from '@pos/shared/staff-policy';
import { liveQuery } from 'dexie';
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { recordStaffSignIn } from '../outbox/record-staff-sign-in.ts';
import { approveOverride, type OverrideOutcome } from './approve-override.ts';
import { checkStaffPin } from './check-staff-pin.ts';
import { activeStaff } from './staff-cache.ts';

export interface CurrentStaff {
  id: string;
  name: string;
  role: StaffRole;
}

export interface StaffSnapshot {
  /** False until the first read of the cache. */
  loaded: boolean;
  /** The till knows active staff: someone must be signed in to sell. */
  signInRequired: boolean;
  current: CurrentStaff | null;
  /** Who may sign in here, by name. */
  staff: CurrentStaff[];
}

export type SignInOutcome =
  | { kind: 'signed_in'; staff: CurrentStaff }
  | { kind: 'wrong'; triesLeft: number }
  | { kind: 'locked'; until: number }
  | { kind: 'unknown' };

export interface StaffSessionOptions {
  db: TillDatabase;
  terminalId: string;
  /** The clock (tests move it past a lockout). */
  now?: () => Date;
}

const asStaff = ({ id, name, role }: CurrentStaff): CurrentStaff => ({ id, name, role });

async function readSnapshot(db: TillDatabase): Promise<StaffSnapshot> {
  const [staff, currentId] = await Promise.all([activeStaff(db), getMeta(db, 'currentStaffId')]);
  const current = staff.find((m) => m.id === currentId);
  return { loaded: true, signInRequired: staff.length > 0, current: current ? asStaff(current) : null, staff: staff.map(asStaff) };
}

export class StaffSession {
  readonly #options: StaffSessionOptions;
  readonly #listeners = new Set<() => void>();
  #snapshot: StaffSnapshot = { loaded: false, signInRequired: false, current: null, staff: [] };
  #subscription: { unsubscribe(): void } | null = null;

  constructor(options: StaffSessionOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#subscription) return;
    this.#subscription = liveQuery(() => readSnapshot(this.#options.db)).subscribe({
      next: (snapshot) => {
        this.#snapshot = snapshot;
        for (const listener of this.#listeners) listener();
      },
      error: () => {},
    });
  }

  stop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): StaffSnapshot => this.#snapshot;

  /** The member signed in now, null when no one is (always null in a store without staff). Read fresh from the database. */
  async currentStaff(): Promise<CurrentStaff | null> {
    return (await readSnapshot(this.#options.db)).current;
  }

  /** Signs `staffId` in with their PIN; whoever was signed in is signed out first (a switch of cashier). */
  async signIn(staffId: string, pin: string): Promise<SignInOutcome> {
    const { db, terminalId } = this.#options;
    const now = this.#now();
    const check = await checkStaffPin(db, staffId, pin, now.getTime());
    if (check.kind !== 'ok') return check;
    const staff = asStaff(check.member);
    const previous = await this.currentStaff();
    await db.transaction('rw', db.sales, db.meta, async () => {
      if (previous && previous.id !== staff.id) {
        await recordStaffSignIn(db, { terminalId, staffId: previous.id, staffName: previous.name, action: 'sign_out', now });
      }
      await recordStaffSignIn(db, { terminalId, staffId: staff.id, staffName: staff.name, action: 'sign_in', now });
      await db.meta.put({ key: 'currentStaffId', value: staff.id });
    });
    return { kind: 'signed_in', staff };
  }

  /** Signs the current member out (recorded); nothing when no one is signed in. */
  async signOut(): Promise<void> {
    const { db, terminalId } = this.#options;
    const current = await this.currentStaff();
    await db.transaction('rw', db.sales, db.meta, async () => {
      if (current) {
        await recordStaffSignIn(db, { terminalId, staffId: current.id, staffName: current.name, action: 'sign_out', now: this.#now() });
      }
      await db.meta.delete('currentStaffId');
    });
  }

  /** The override `action` needs from the member signed in now (staff-policy.ts), or null when they may do it. */
  async overrideNeeded(action: GuardedAction): Promise<OverrideRequirement | null> {
    const { signInRequired, current } = await readSnapshot(this.#options.db);
    if (!signInRequired) return null;
    return overrideNeeded(current?.role ?? 'cashier', action);
  }

  /** An approver's PIN for `requirement`, asked by the member signed in now; recorded when approved. */
  async approve(
    requirement: OverrideRequirement,
    approverId: string,
    pin: string,
    about: { subjectId?: string | null; detail?: string | null } = {},
  ): Promise<OverrideOutcome> {
    const current = await this.currentStaff();
    return approveOverride(this.#options.db, {
      terminalId: this.#options.terminalId,
      requirement,
      requesterId: current?.id ?? null,
      approverId,
      pin,
      ...about,
      now: this.#now(),
    });
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}
