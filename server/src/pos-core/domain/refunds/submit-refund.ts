/**
 * `POST /v1/refunds` (DESIGN §4, §7): one refund, its id as Idempotency-Key, through the one idempotency
 * mechanism (common/idempotency.ts):
 *
 *   validate key + body (400) ─▶ caller may refund (403) ─▶ read key: completed ─▶ replay (current state)
 *   ─▶ claim ─▶ [online card: is Payment reachable? else 503, nothing recorded]
 *   ─▶ record (record-refund.ts: order row locked; a business refusal is recorded `refused`; 400 / 404 / 409 record nothing)
 *   ─▶ drive the refund saga inline for a short budget ─▶ 201 completed | failed | refused, 202 pending
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type RefundView, refundSubmission } from '@pos/shared/refund';
import type { Principal } from '../../../common/auth.ts';
import { fingerprintOf, type IdempotentAnswer, runIdempotentStaged } from '../../../common/idempotency.ts';
import { idempotencyKeyError } from '../../../common/idempotent-request.ts';
import { type FieldError, problems, zodFieldErrors } from '../../../common/problem.ts';
import { annotateLogContext } from '../../../common/tracing/log-context.ts';
import { recordRefund } from './record-refund.ts';
import type { RefundDeps } from './refund-deps.ts';
import { checkRefundPermission } from './refund-permission.ts';
import { loadRefundView } from './refund-view.ts';

/** A refund's current state as an HTTP answer: 201 once final (completed, failed, refused), 202 while pending. */
export const refundAnswerOf = (refund: RefundView): IdempotentAnswer => ({
  status: refund.status === 'pending' ? 202 : 201,
  body: { refund },
  resourceId: refund.id,
});

async function currentRefundAnswer(deps: RefundDeps, tenantId: string, refundId: string): Promise<IdempotentAnswer> {
  const refund = await loadRefundView(deps.pool, tenantId, refundId);
  if (!refund) throw problems.notFound('refund');
  return refundAnswerOf(refund);
}

/** The key and the body together, so that one 400 names every field that is wrong; the key is the refund id. */
function parseKeyAndBody(key: string | undefined, body: unknown) {
  const errors: FieldError[] = [];
  const parsed = refundSubmission.safeParse(body);
  const keyError = idempotencyKeyError(key, parsed.success ? parsed.data.id : undefined);
  if (keyError) errors.push(keyError);
  if (!parsed.success) errors.push(...zodFieldErrors(parsed.error, 'refund'));
  if (errors.length > 0 || !parsed.success) throw problems.validation(errors);
  return parsed.data;
}

export async function submitRefund(
  deps: RefundDeps,
  principal: Principal,
  key: string | undefined,
  body: unknown,
): Promise<IdempotentAnswer & { replayed: boolean }> {
  const refund = parseKeyAndBody(key, body);
  checkRefundPermission(principal, refund);
  annotateLogContext({ orderId: refund.orderId });
  const { tenantId } = principal;
  const fingerprint = fingerprintOf(refund);
  let due = false;
  const answer = await runIdempotentStaged(
    deps.pool,
    { tenantId, key: refund.id, fingerprint, owner: deps.instance },
    async () => {
      if (refund.tender === 'card' && !(await deps.payment.caller.reachable())) {
        throw problems.unavailable('Payment is not reachable; the card refund was not recorded.', 2);
      }
    },
    async (tx) => {
      const recorded = await recordRefund(tx, tenantId, refund, fingerprint, { owner: deps.instance.id, leaseMs: deps.leaseMs });
      due = recorded.due;
      return refundAnswerOf(recorded.view);
    },
    { readFirst: true, replay: () => currentRefundAnswer(deps, tenantId, refund.id) },
  );
  if (answer.replayed) return answer;
  deps.pokeRelay();
  deps.logger.info({ correlationId: refund.orderId, refundId: refund.id, amount: refund.amount, tender: refund.tender }, 'refund recorded');
  if (!due) return answer;
  const budget = new AbortController();
  const driving = deps.saga.drive(tenantId, refund.id, { leased: true }).catch((error: unknown) => {
    deps.logger.warn({ err: error, refundId: refund.id }, 'inline refund drive failed; the recovery worker resumes it');
  });
  await Promise.race([driving, sleep(deps.inlineBudgetMs, undefined, { signal: budget.signal }).catch(() => {})]);
  budget.abort();
  return { ...(await currentRefundAnswer(deps, tenantId, refund.id)), replayed: false };
}
