/**
 * The common shape of every mutating endpoint of Inventory:
 *   Idempotency-Key checked, body validated (both before anything is claimed) →
 *   runIdempotent(fingerprint of method + path + body) → answer (replays marked) → poke the relay.
 */

import { HEADERS, IDEMPOTENCY_KEY_PATTERN } from '@pos/shared/http';
import type { Request, Response } from 'express';
import type { PoolClient } from '../../common/db.ts';
import { fingerprintOf, type IdempotentAnswer, runIdempotent, sendIdempotent } from '../../common/idempotency.ts';
import { problems } from '../../common/problem.ts';
import type { ServiceContext } from '../../common/service-runtime.ts';

/** The request's Idempotency-Key, or a 400 naming the header. `expected` pins a derived saga key. */
export function idempotencyKeyOf(req: Request, expected?: string): string {
  const key = req.get(HEADERS.idempotencyKey);
  if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw problems.validation([{ path: HEADERS.idempotencyKey, message: 'required: 1–128 letters, digits, ":", ".", "_" or "-"' }]);
  }
  if (expected !== undefined && key !== expected) {
    throw problems.validation([{ path: HEADERS.idempotencyKey, message: `must be "${expected}" for this call` }]);
  }
  return key;
}

/**
 * Runs `work` at most once per (tenant, key) and answers. `body` is the validated body: it is
 * what the fingerprint covers, so the same key with another body is a 422.
 */
export async function answerIdempotently(
  ctx: ServiceContext,
  req: Request,
  res: Response,
  request: { tenantId: string; key: string; body: unknown },
  work: (tx: PoolClient) => Promise<IdempotentAnswer>,
): Promise<void> {
  const fingerprint = fingerprintOf({ method: req.method, path: req.baseUrl + req.path, body: request.body });
  const answer = await runIdempotent(ctx.pool, { tenantId: request.tenantId, key: request.key, fingerprint, owner: ctx.instance }, work);
  sendIdempotent(res, answer);
  if (!answer.replayed) ctx.pokeRelay();
}
