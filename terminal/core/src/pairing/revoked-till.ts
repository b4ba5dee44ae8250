/**
 * What a revoked till shows (issue 7): the server refused its token as revoked (401, problem type
 * `credential-revoked`); its unsynced sales stay in its database — nothing is deleted — and the
 * cashier is told how many, so that they can be exported and handed to the manager.
 */
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@pos/shared/problem';

export function isRevocation(problem: { status?: unknown; type?: unknown } | null | undefined): boolean {
  return problem?.status === 401 && problem.type === PROBLEM_TYPE_BASE + PROBLEM_TYPES.credentialRevoked;
}

export function revokedMessage(unsynced: number): string {
  const sales = unsynced === 1 ? '1 sale' : `${unsynced} sales`;
  return unsynced === 0
    ? 'This till was revoked by the store manager. Nothing is waiting to sync.'
    : `This till was revoked by the store manager — ${sales} kept locally. Export them and give the file to the manager.`;
}
