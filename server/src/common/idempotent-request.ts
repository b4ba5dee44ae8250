/**
 * The HTTP side of idempotency (DESIGN §4), for every mutating endpoint of every service:
 *
 *   Idempotency-Key checked ─▶ body validated ─▶ fingerprint of method + path + body
 *   (all before anything is claimed, so a bad request changes nothing: G8) ─▶ idempotency.ts runs the
 *   work at most once ─▶ answer, replays marked.
 *
 * POS Core's order submissions check the key against the order id themselves (the key IS the id) and
 * fingerprint the order alone, so that a sale sent alone and then in a batch is the same request.
 */
import { HEADERS, IDEMPOTENCY_KEY_PATTERN } from '@pos/shared/http';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { principalOf } from './auth.ts';
import type { PoolClient } from './db.ts';
import {
  fingerprintOf,
  type IdempotencyOptions,
  type IdempotentAnswer,
  type IdempotentCommand,
  runIdempotent,
  sendIdempotent,
} from './idempotency.ts';
import { type FieldError, parseOr400, problems } from './problem.ts';
import type { ServiceContext } from './service-runtime.ts';

/**
 * What is wrong with an Idempotency-Key header, or null: required, IDEMPOTENCY_KEY_PATTERN, and equal
 * to `expected` when the call pins it (a derived saga key `<orderId>:<step>`, or an order's own id).
 */
export function idempotencyKeyError(key: string | undefined, expected?: string): FieldError | null {
  const path = HEADERS.idempotencyKey;
  if (key === undefined || key === '') return { path, message: expected === undefined ? 'required' : `required: "${expected}"` };
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) return { path, message: 'must be 1–128 letters, digits, ":", ".", "_" or "-"' };
  if (expected !== undefined && key !== expected) return { path, message: `must be "${expected}" for this call` };
  return null;
}

/** The request's Idempotency-Key, or a 400 naming the header (idempotencyKeyError). */
export function idempotencyKeyOf(req: Request, expected?: string): string {
  const key = req.get(HEADERS.idempotencyKey) ?? '';
  const error = idempotencyKeyError(key, expected);
  if (error) throw problems.validation([error], 'The Idempotency-Key header is not valid.');
  return key;
}

/**
 * Checks a mutating request before anything is claimed — the key, then the body against `schema` —
 * and says what makes it "the same request": its method, path and validated body. `body` defaults to
 * the request's; `expectedKey` pins a derived key from the validated body; `identify` picks what of
 * the body identifies the request when part of it must not be fingerprinted (a PIN: the stored hash of
 * a 4-digit secret would be as good as the secret).
 */
export function idempotentCommand<S extends z.ZodType>(
  req: Request,
  schema: S,
  options: { body?: unknown; expectedKey?: (body: z.infer<S>) => string; identify?: (body: z.infer<S>) => unknown } = {},
): { command: IdempotentCommand; body: z.infer<S> } {
  const raw = 'body' in options ? options.body : req.body;
  // A pinned key is derived from the body: validate the body first, so its errors come before the key's.
  const keyFirst = options.expectedKey === undefined ? idempotencyKeyOf(req) : undefined;
  const body = parseOr400(schema, raw, 'body');
  const key = keyFirst ?? idempotencyKeyOf(req, options.expectedKey?.(body));
  const fingerprint = fingerprintOf({
    method: req.method,
    path: `${req.baseUrl}${req.path}`,
    body: options.identify ? options.identify(body) : body,
  });
  return { command: { tenantId: principalOf(req).tenantId, key, fingerprint }, body };
}

/**
 * Runs `work` at most once per (tenant, key) in the transaction that completes the key, answers
 * (replays marked) and, when the work ran, asks the relay to publish the events it wrote.
 * `claimWithWork`: the key is claimed in that same transaction (idempotency.ts), for saga steps.
 */
export async function answerIdempotently(
  ctx: Pick<ServiceContext, 'pool' | 'instance' | 'pokeRelay'>,
  res: Response,
  command: IdempotentCommand,
  work: (tx: PoolClient) => Promise<IdempotentAnswer>,
  options: Pick<IdempotencyOptions, 'claimWithWork'> = {},
): Promise<void> {
  const answer = await runIdempotent(ctx.pool, { ...command, owner: ctx.instance }, work, options);
  sendIdempotent(res, answer);
  if (!answer.replayed) ctx.pokeRelay();
}
