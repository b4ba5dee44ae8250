/** RFC 9457 problem details, the only error shape on the wire (DESIGN §4, G8). */
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://till-and-sync.dev/problems/';

export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problem>;

/** Problem types (the part after PROBLEM_TYPE_BASE). */
export const PROBLEM_TYPES = {
  validation: 'validation-error',
  idempotencyKeyReused: 'idempotency-key-reused',
  idempotencyInFlight: 'idempotency-in-flight',
  unauthorized: 'unauthorized',
  /** 401 for a till whose device token was revoked (the till keeps its unsynced sales and says so). */
  credentialRevoked: 'credential-revoked',
  forbidden: 'forbidden',
  notFound: 'not-found',
  conflict: 'conflict',
  unavailable: 'service-unavailable',
  rateLimited: 'rate-limited',
  payloadTooLarge: 'payload-too-large',
  unsupportedMediaType: 'unsupported-media-type',
  internal: 'internal-error',
  /**
   * 422 until protocol 1.1: an online refund asked back more than remains refundable. Since 1.2 POS Core records such
   * a refusal as a `refused` refund (refund.ts) and answers it 201; the type stays named for readers of 1.1.
   */
  refundExceedsSale: 'refund-exceeds-sale',
  /** 409: the order cannot be refunded now (still pending, or not yet received for an offline refund: retry later). */
  orderNotRefundable: 'order-not-refundable',
  /** 400: the request's `Pos-Protocol` names a major version this service does not speak (protocol.ts). */
  unsupportedProtocol: 'unsupported-protocol',
} as const;
export type ProblemType = (typeof PROBLEM_TYPES)[keyof typeof PROBLEM_TYPES];
