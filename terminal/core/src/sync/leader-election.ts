/**
 * Leader election among the windows of one till: one window sends (Web Locks, lock
 * `till-sync-<terminalId>`); the others wait for the lock and take over when the leader's window
 * closes or stops. Where there is no lock manager (Node, old browsers, tests) the caller is the only
 * sender of its till and leads at once.
 */

/** The platform's Web Locks manager, or null where there is none (Node 20 has no navigator.locks). */
export function platformLocks(): LockManager | null {
  return (typeof navigator !== 'undefined' ? (navigator as { locks?: LockManager }).locks : undefined) ?? null;
}

/**
 * Runs `lead` once this caller holds the till's sync lock, until `lead` resolves or `signal` aborts
 * (also while still waiting for the lock). Never rejects.
 */
export async function leadWhenElected(
  locks: LockManager | null,
  terminalId: string,
  signal: AbortSignal,
  lead: () => Promise<void>,
): Promise<void> {
  if (!locks) return lead().catch(() => {});
  await locks.request(`till-sync-${terminalId}`, { signal }, lead).then(
    () => {},
    () => {},
  );
}
