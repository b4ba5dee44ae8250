/**
 * Every failure of a call to a service, as one tagged union decided once, at the HTTP boundary:
 *   network      — no answer (offline, refused, reset, timeout): the outcome is UNKNOWN
 *   retryable    — 408/409/429/5xx: the server asks to retry later (Retry-After in seconds when given)
 *   permanent    — other 4xx (400/404/413/422…): retrying the same request cannot succeed
 *   unauthorized — 401: the till's token is not accepted
 *   invalid_response — a 2xx whose body does not match the contract: outcome unknown, treat as retryable
 */
import { type Problem, problem as problemSchema } from '@pos/shared/problem';

export type ApiFailure =
  | { kind: 'network'; message: string }
  | { kind: 'retryable'; status: number; retryAfterSeconds: number | null; problem: Problem | null }
  | { kind: 'permanent'; status: number; problem: Problem }
  | { kind: 'unauthorized'; status: 401; problem: Problem | null }
  | { kind: 'invalid_response'; status: number; message: string };

export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(describeFailure(failure));
    this.name = 'ApiError';
  }

  get kind(): ApiFailure['kind'] {
    return this.failure.kind;
  }
}

/** Retry-After as seconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Reads an RFC 9457 body; falls back to a problem made from the status when the body is not one. */
export function parseProblem(status: number, body: string): Problem {
  try {
    const parsed = problemSchema.safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: fall through
  }
  return { type: 'about:blank', title: `HTTP ${status}`, status, ...(body ? { detail: body.slice(0, 300) } : {}) };
}

export function failureFromResponse(status: number, headers: Headers, body: string): ApiFailure {
  const problem = parseProblem(status, body);
  if (status === 401) return { kind: 'unauthorized', status, problem };
  if (status === 408 || status === 409 || status === 429 || status >= 500) {
    return { kind: 'retryable', status, retryAfterSeconds: parseRetryAfter(headers.get('Retry-After')), problem };
  }
  return { kind: 'permanent', status, problem };
}

/** Classifies a per-item problem of a batch answer the same way as a whole response. */
export function failureFromProblem(value: Record<string, unknown>): ApiFailure {
  const parsed = problemSchema.safeParse(value);
  const problem: Problem = parsed.success ? parsed.data : { type: 'about:blank', title: 'Unreadable problem', status: 500 };
  if (problem.status === 401) return { kind: 'unauthorized', status: 401, problem };
  if (problem.status === 408 || problem.status === 409 || problem.status === 429 || problem.status >= 500) {
    return { kind: 'retryable', status: problem.status, retryAfterSeconds: null, problem };
  }
  return { kind: 'permanent', status: problem.status, problem };
}

export function describeFailure(failure: ApiFailure): string {
  switch (failure.kind) {
    case 'network':
      return `network: ${failure.message}`;
    case 'invalid_response':
      return `unexpected answer (HTTP ${failure.status}): ${failure.message}`;
    case 'unauthorized':
      return 'unauthorized: the till token was refused';
    default:
      return `HTTP ${failure.status}: ${failure.problem?.detail ?? failure.problem?.title ?? 'error'}`;
  }
}

export const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError({ kind: 'network', message: error instanceof Error ? error.message : String(error) });
