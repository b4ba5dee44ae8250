/** What a batch answer means for each record sent (DESIGN §3). */
import type { BatchResult } from '@pos/shared/order';

/** One record's result as a sender reports it: a batch item, with the server's reason when it ended the record (a refused refund). */
export type SentResult = BatchResult & { reason?: string | null };

import { type ApiFailure, describeFailure, failureFromProblem } from '../api/api-error.ts';
import type { SaleChange } from '../outbox/settle-sales.ts';

/** Why a permanently refused record needs attention, in the server's words. */
export const reasonOf = (failure: ApiFailure): string =>
  failure.kind === 'permanent' ? (failure.problem.detail ?? failure.problem.title) : describeFailure(failure);

/**
 * Maps a batch answer onto the sent ids. A missing result or a retryable per-item error (409, 429,
 * 5xx) leaves the record queued; a permanent per-item error (400/422…) needs attention.
 */
export function interpretResults(
  ids: readonly string[],
  results: readonly SentResult[],
): { changes: Map<string, SaleChange>; retry: ApiFailure | null } {
  const byId = new Map(results.filter((r) => r.id !== null).map((r) => [r.id as string, r]));
  const changes = new Map<string, SaleChange>();
  let retry: ApiFailure | null = null;
  for (const id of ids) {
    const result = byId.get(id);
    if (!result) {
      const missing: ApiFailure = { kind: 'invalid_response', status: 200, message: 'no result for this order in the batch answer' };
      changes.set(id, { status: 'queued', failure: missing });
      retry ??= missing;
    } else if ('status' in result) {
      changes.set(id, { status: result.status, ...(result.reason ? { reason: result.reason } : {}), failure: null });
    } else {
      const failure = failureFromProblem(result.error);
      if (failure.kind === 'permanent') {
        changes.set(id, { status: 'needs_attention', reason: reasonOf(failure), failure });
      } else {
        changes.set(id, { status: 'queued', failure });
        retry ??= failure;
      }
    }
  }
  return { changes, retry };
}
