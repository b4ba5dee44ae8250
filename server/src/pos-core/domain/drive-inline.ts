/**
 * Drives a saga for at most `budgetMs` while a request waits, so that an online checkout usually
 * answers with a final status. The drive goes on in the background after the budget (the request then
 * answers 202 pending); a failure is logged and left to the recovery worker.
 */
import type { OrderDeps } from './order-deps.ts';
import type { SagaOrder } from './saga/saga-order.ts';

export async function driveInline(
  deps: OrderDeps,
  tenantId: string,
  orderId: string,
  leased: boolean,
  recorded?: SagaOrder,
): Promise<void> {
  const driving = deps.driver.drive(tenantId, orderId, { leased, ...(recorded ? { recorded } : {}) }).catch((error: unknown) => {
    deps.logger.warn({ err: error, correlationId: orderId }, 'inline saga drive failed; the recovery worker resumes it');
  });
  // A plain timer, cleared when the drive wins (an aborted timer promise would build an AbortError per checkout).
  let budget: NodeJS.Timeout | undefined;
  await Promise.race([driving, new Promise<void>((resolve) => (budget = setTimeout(resolve, deps.inlineBudgetMs)))]);
  clearTimeout(budget);
}
