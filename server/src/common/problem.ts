/**
 * Errors that become RFC 9457 problem+json answers. Domain and handlers throw `HttpProblem`;
 * the error middleware of `http-app.ts` turns it (or a zod error, or anything else) into the answer.
 */
import { HEADERS } from '@pos/shared/http';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES, type Problem, type ProblemType } from '@pos/shared/problem';
import { PROTOCOL_VERSION } from '@pos/shared/protocol';
import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** Seconds, for 409 / 429 / 503. */
    readonly retryAfter?: number,
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }

  toJSON(instance?: string): Problem {
    return {
      type: PROBLEM_TYPE_BASE + this.type,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const zodFieldErrors = (error: z.ZodError, prefix = ''): FieldError[] =>
  error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)', message: i.message }));

export const problems = {
  validation: (errors: FieldError[], detail = 'The request is not valid.') =>
    new HttpProblem(400, PROBLEM_TYPES.validation, 'Invalid request', detail, errors),
  fromZod: (error: z.ZodError, where: string) =>
    new HttpProblem(400, PROBLEM_TYPES.validation, 'Invalid request', `The ${where} is not valid.`, zodFieldErrors(error)),
  unauthorized: (detail = 'A valid bearer token is required.') => new HttpProblem(401, PROBLEM_TYPES.unauthorized, 'Unauthorized', detail),
  credentialRevoked: () =>
    new HttpProblem(401, PROBLEM_TYPES.credentialRevoked, 'Credential revoked', 'This till was revoked by its store manager.'),
  forbidden: (detail = 'This credential may not do that.') => new HttpProblem(403, PROBLEM_TYPES.forbidden, 'Forbidden', detail),
  notFound: (what = 'resource') => new HttpProblem(404, PROBLEM_TYPES.notFound, 'Not found', `No such ${what}.`),
  conflict: (detail: string) => new HttpProblem(409, PROBLEM_TYPES.conflict, 'Conflict', detail),
  inFlight: (retryAfter = 1) =>
    new HttpProblem(
      409,
      PROBLEM_TYPES.idempotencyInFlight,
      'Request in progress',
      'A request with this Idempotency-Key is still being processed; retry later.',
      undefined,
      retryAfter,
    ),
  keyReused: () =>
    new HttpProblem(
      422,
      PROBLEM_TYPES.idempotencyKeyReused,
      'Idempotency-Key reused',
      'This Idempotency-Key was already used with a different request body.',
    ),
  orderNotRefundable: (detail: string, retryAfter?: number) =>
    new HttpProblem(409, PROBLEM_TYPES.orderNotRefundable, 'Order not refundable now', detail, undefined, retryAfter),
  unavailable: (detail: string, retryAfter = 2) =>
    new HttpProblem(503, PROBLEM_TYPES.unavailable, 'Service unavailable', detail, undefined, retryAfter),
  rateLimited: (retryAfter: number) =>
    new HttpProblem(429, PROBLEM_TYPES.rateLimited, 'Too many requests', 'Slow down and retry later.', undefined, retryAfter),
  unsupportedProtocol: (named: string) =>
    new HttpProblem(
      400,
      PROBLEM_TYPES.unsupportedProtocol,
      'Unsupported protocol version',
      `This service speaks protocol ${PROTOCOL_VERSION} (any ${PROTOCOL_VERSION.split('.')[0]}.x); the request names "${named}". Send ${HEADERS.protocol}: ${PROTOCOL_VERSION}, or no ${HEADERS.protocol} header.`,
      [{ path: HEADERS.protocol, message: `must be ${PROTOCOL_VERSION.split('.')[0]}.x` }],
    ),
  tooLarge: (limit: number) => new HttpProblem(413, PROBLEM_TYPES.payloadTooLarge, 'Payload too large', `The body exceeds ${limit} bytes.`),
};

/** Parses `value` with `schema` or throws a 400 problem naming the fields. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.fromZod(result.error, where);
  return result.data;
}
