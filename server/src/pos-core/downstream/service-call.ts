/**
 * One call from POS Core to Inventory or Payment, with the service credential, and what it came to.
 *
 * Contract:
 * - Every mutating call carries a FIXED derived `Idempotency-Key` (`<orderId>:<step>`, stepKey of
 *   @pos/shared/http), so repeating it can never cause a second side effect. A call is retried only
 *   when it is safe to repeat — a GET, or a POST with an Idempotency-Key — and only for an
 *   "unavailable" outcome (timeout, network error, 5xx, 429, in flight elsewhere). A POST without a key
 *   is never repeated here: its "unavailable" goes back to the caller as is.
 * - Each attempt has its own timeout (withDeadline, which also bounds reading the body). A few
 *   quick retries (cockatiel's exponential backoff with decorrelated jitter) absorb blips; the saga
 *   retries the same step later for anything longer.
 * - A circuit breaker per downstream (cockatiel; consecutive failures) stops hammering a service that
 *   keeps failing; after `halfOpenAfterMs` one call goes through as a half-open probe (calls made
 *   meanwhile wait for its outcome): its success closes the circuit, its failure opens it again. An
 *   open circuit answers "unavailable" at once.
 *   "In flight elsewhere" (409 idempotency-in-flight) is retried but is no failure of the service: the
 *   breaker does not count it.
 * - Reachability (`reachable`, asked before an online order is recorded): GET /readyz (which checks
 *   the service's database) through the breaker — an open circuit answers "no" at once. Callers
 *   asking while a probe is in flight share its answer (single flight): concurrent checkouts send one
 *   probe, and every answer was produced after the asker arrived or at most one probe earlier. A call
 *   this service answered (2xx, or a 404/409 of its own) less than `readyProofMs` (100 ms) ago proves the same
 *   thing — it reached the service and its database — so while calls flow (a busy store) no probe is
 *   sent at all; any unavailable outcome withdraws that proof at once.
 * - Metrics (GET /metrics): pos_core_downstream_breaker_state, pos_core_downstream_retries_total,
 *   pos_core_downstream_calls_total.
 * - The answer is classified once, here, into a small tagged union the saga switches on. A 2xx body is
 *   parsed with the caller's zod schema from `shared/` (problem bodies with `problem`): an answer that
 *   does not match, or one that names a protocol major version POS Core does not speak, is
 *   "unavailable" (`malformed_answer` / `unsupported_protocol`) — the dependency is not usable now,
 *   so the saga retries the same step later, exactly as for a 5xx; nothing downstream is trusted
 *   unparsed. Counted in pos_core_downstream_malformed_answers_total.
 * - Every request carries `Pos-Protocol: <PROTOCOL_VERSION>` (DESIGN §4). Calls and probes reuse
 *   kept-alive sockets per downstream (keep-alive-request.ts).
 */
import { HEADERS } from '@pos/shared/http';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES, type Problem, problem as problemSchema } from '@pos/shared/problem';
import { checkProtocol, PROTOCOL_VERSION } from '@pos/shared/protocol';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhenResult,
  retry,
  wrap,
} from 'cockatiel';
import client from 'prom-client';
import type { z } from 'zod';
import { lamport } from '../../common/clock.ts';
import type { Logger } from '../../common/logger.ts';
import { startDownstreamAttempt } from '../../common/tracing/downstream-attempt.ts';
import { withDeadline } from '../../common/with-deadline.ts';
import { createKeepAliveSender } from './keep-alive-request.ts';

export type DownstreamName = 'inventory' | 'payment';

/** Why a call is "unavailable"; each means "the same call may succeed later". */
export type UnavailableReason =
  | 'timeout'
  | 'network_error'
  | 'in_flight'
  | 'circuit_open'
  /** A 2xx whose body does not match the answer's schema in `shared/`. */
  | 'malformed_answer'
  /** The answer names a protocol major version POS Core does not speak. */
  | 'unsupported_protocol'
  | `http_${number}`;

/** What a downstream call came to. */
export type CallOutcome<T> =
  /** 2xx, with the body parsed by the answer's schema. */
  | { kind: 'ok'; status: number; body: T }
  /** A definitive "no" about the business state (404 not found, 409 conflict): retrying answers the same. */
  | { kind: 'business'; status: number; problem: Problem | null }
  /** Not reachable, timed out, in flight elsewhere, overloaded or failing (5xx): retry the same call later. */
  | { kind: 'unavailable'; reason: UnavailableReason; detail?: string }
  /** Refused as malformed or unauthorised (400, 401, 403, 422…): a bug or misconfiguration, never retried. */
  | { kind: 'permanent'; status: number; problem: Problem | null };

export interface CallRequest {
  method: 'GET' | 'POST';
  path: string;
  tenantId: string;
  /** The order id: logs and events of every service carry it. */
  correlationId: string;
  idempotencyKey?: string;
  body?: unknown;
}

export interface DownstreamMetrics {
  breakerState: client.Gauge<'downstream'>;
  retries: client.Counter<'downstream'>;
  calls: client.Counter<'downstream' | 'outcome'>;
  malformedAnswers: client.Counter<'downstream'>;
}

/** Registers the downstream metrics on a service's registry (GET /metrics). */
export function createDownstreamMetrics(registry: client.Registry): DownstreamMetrics {
  return {
    breakerState: new client.Gauge({
      name: 'pos_core_downstream_breaker_state',
      help: 'Circuit breaker per downstream: 0 closed, 1 open, 2 half-open, 3 isolated',
      labelNames: ['downstream'],
      registers: [registry],
    }),
    retries: new client.Counter({
      name: 'pos_core_downstream_retries_total',
      help: 'Quick retries of downstream calls that answered "unavailable"',
      labelNames: ['downstream'],
      registers: [registry],
    }),
    calls: new client.Counter({
      name: 'pos_core_downstream_calls_total',
      help: 'Downstream calls by outcome (after retries)',
      labelNames: ['downstream', 'outcome'],
      registers: [registry],
    }),
    malformedAnswers: new client.Counter({
      name: 'pos_core_downstream_malformed_answers_total',
      help: 'Downstream answers that did not parse with their shared schema or named an unsupported protocol version',
      labelNames: ['downstream'],
      registers: [registry],
    }),
  };
}

export interface ServiceCallerOptions {
  name: DownstreamName;
  baseUrl: string;
  serviceToken: string;
  /** Per attempt. Must exceed the downstream's own deadlines (Payment's processor timeout). */
  timeoutMs: number;
  metrics: DownstreamMetrics;
  /** Quick retries per call (the saga retries for longer). */
  retries?: number;
  /** Consecutive unavailable outcomes that open the circuit. */
  breakerThreshold?: number;
  /** How long the circuit stays open before a half-open probe. */
  halfOpenAfterMs?: number;
  /** Logs one line per attempt (common/tracing/downstream-attempt.ts). */
  logger?: Logger;
  /** How long a call's answer stands for a probe (`reachable` answers yes without one); 0 always probes. */
  readyProofMs?: number;
}

export interface ServiceCaller {
  readonly name: DownstreamName;
  /** Calls and parses a 2xx body with `answer` (a schema from `shared/`). */
  call<S extends z.ZodType>(request: CallRequest, answer: S): Promise<CallOutcome<z.output<S>>>;
  /** Is the service reachable and ready (GET /readyz through the same breaker; one probe in flight at a time)? */
  reachable(): Promise<boolean>;
  readonly circuitOpen: boolean;
}

/**
 * A probe's deadline. A till waits up to 20 s for its order; a service that answers its readiness
 * within 3 s — a burst on a loaded host — can take the order, and refusing it would only make the till
 * retry. A longer silence is "not reachable": the till is told to retry later.
 */
const PROBE_TIMEOUT_MS = 3_000;
/**
 * How long an answer stands for a probe: short enough that an outage is seen at once (a store's next
 * sale comes seconds later), long enough that a busy store — a call every few milliseconds — sends none.
 */
const READY_PROOF_MS = 100;
const unavailable = (reason: UnavailableReason, detail?: string): CallOutcome<never> =>
  detail === undefined ? { kind: 'unavailable', reason } : { kind: 'unavailable', reason, detail };
/** An "unavailable" call outcome, or a failed probe: what the retry and the breaker count. */
const isUnavailable = (r: unknown) => r === false || (r as CallOutcome<unknown>).kind === 'unavailable';
/** What the breaker counts as a failure of the service: unavailable, except "another caller holds the key". */
const isServiceFailure = (r: unknown) => isUnavailable(r) && (r as { reason?: string }).reason !== 'in_flight';
/** Repeating it cannot cause a second side effect. */
const isSafeToRetry = (request: CallRequest) => request.method === 'GET' || request.idempotencyKey !== undefined;

/** The first few issues of a failed parse: the outcome's `detail`. */
const issuesOf = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');

function classify<S extends z.ZodType>(status: number, body: unknown, answer: S): CallOutcome<z.output<S>> {
  if (status >= 200 && status < 300) {
    const parsed = answer.safeParse(body);
    return parsed.success ? { kind: 'ok', status, body: parsed.data } : unavailable('malformed_answer', issuesOf(parsed.error));
  }
  const parsedProblem = problemSchema.safeParse(body);
  const problem: Problem | null = parsedProblem.success ? parsedProblem.data : null;
  if (status === 409 && problem?.type === PROBLEM_TYPE_BASE + PROBLEM_TYPES.idempotencyInFlight) return unavailable('in_flight');
  if (status === 429 || status === 408 || status >= 500) return unavailable(`http_${status}`);
  if (status === 404 || status === 409) return { kind: 'business', status, problem };
  return { kind: 'permanent', status, problem };
}

export function createServiceCaller(options: ServiceCallerOptions): ServiceCaller {
  const { name, metrics } = options;
  const retryPolicy = retry(handleWhenResult(isUnavailable), {
    maxAttempts: options.retries ?? 2,
    backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1_000 }),
  });
  retryPolicy.onRetry(() => metrics.retries.inc({ downstream: name }));
  const breaker = circuitBreaker(handleWhenResult(isServiceFailure), {
    halfOpenAfter: options.halfOpenAfterMs ?? 2_000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  });
  metrics.breakerState.set({ downstream: name }, CircuitState.Closed);
  breaker.onStateChange((state) => metrics.breakerState.set({ downstream: name }, state));
  const retryingPolicy = wrap(retryPolicy, breaker);
  /** Every call and probe of this downstream, over its own kept-alive sockets. */
  const send = createKeepAliveSender(options.baseUrl);
  /** The probe in flight, shared by everyone asking meanwhile. */
  let probing: Promise<boolean> | null = null;
  const readyProofMs = options.readyProofMs ?? READY_PROOF_MS;
  /** When a call was last answered by the service itself (performance.now()); -Infinity once one was unavailable. */
  let answeredAt = Number.NEGATIVE_INFINITY;
  const noteAnswer = (outcome: CallOutcome<unknown>) => {
    if (outcome.kind === 'ok' || outcome.kind === 'business') answeredAt = performance.now();
    else if (outcome.kind === 'unavailable') answeredAt = Number.NEGATIVE_INFINITY;
  };

  async function attempt<S extends z.ZodType>(request: CallRequest, answer: S): Promise<CallOutcome<z.output<S>>> {
    const headers: Record<string, string> = {
      [HEADERS.protocol]: PROTOCOL_VERSION,
      authorization: `Bearer ${options.serviceToken}`,
      accept: 'application/json',
      [HEADERS.tenant]: request.tenantId,
      [HEADERS.lamport]: String(lamport.tick()),
      [HEADERS.correlationId]: request.correlationId,
    };
    if (request.idempotencyKey) headers[HEADERS.idempotencyKey] = request.idempotencyKey;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const traced = startDownstreamAttempt(options.logger, name, request, headers);
    try {
      const response = await withDeadline(options.timeoutMs, (deadline) =>
        send(request.path, {
          method: request.method,
          headers,
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
          signal: deadline,
        }),
      );
      lamport.observe(Number(response.header(HEADERS.lamport)) || undefined);
      const protocol = checkProtocol(response.header(HEADERS.protocol));
      if (protocol === 'unsupported' || protocol === 'malformed') {
        metrics.malformedAnswers.inc({ downstream: name });
        return unavailable('unsupported_protocol', `${HEADERS.protocol}: ${response.header(HEADERS.protocol)}`);
      }
      let body: unknown = null;
      try {
        body = response.text ? JSON.parse(response.text) : null;
      } catch {
        // A non-JSON answer (a proxy's error page): its status alone decides.
      }
      const outcome = classify(response.status, body, answer);
      if (outcome.kind === 'unavailable' && outcome.reason === 'malformed_answer') metrics.malformedAnswers.inc({ downstream: name });
      return traced.end(outcome, response.header(HEADERS.idempotentReplayed) === 'true');
    } catch (error) {
      return traced.end(unavailable((error as Error).name === 'TimeoutError' ? 'timeout' : 'network_error'));
    }
  }

  /**
   * Runs `fn` through the policy. cockatiel hands each execution its caller's abort signal; no caller
   * here has one (it would be cockatiel's one shared never-aborted signal, which every call in flight
   * would then listen on), so a call's own deadline alone bounds it.
   */
  async function guarded<T>(retrying: boolean, fn: () => Promise<CallOutcome<T>>): Promise<CallOutcome<T>> {
    const policy = retrying ? retryingPolicy : breaker;
    try {
      const outcome = (await policy.execute(() => fn())) as CallOutcome<T>;
      metrics.calls.inc({ downstream: name, outcome: outcome.kind });
      return outcome;
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        metrics.calls.inc({ downstream: name, outcome: 'circuit_open' });
        return unavailable('circuit_open');
      }
      throw error;
    }
  }

  /** GET /readyz through the breaker only (no quick retries) and with a short timeout: a till is waiting. */
  async function probe(): Promise<boolean> {
    try {
      return await breaker.execute(async () => {
        try {
          return await withDeadline(PROBE_TIMEOUT_MS, async (deadline) => {
            const r = await send('/readyz', { method: 'GET', headers: {}, signal: deadline });
            return r.status >= 200 && r.status < 300;
          });
        } catch {
          return false;
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) return false;
      throw error;
    }
  }

  return {
    name,
    call: async (request, answer) => {
      const outcome = await guarded(isSafeToRetry(request), () => attempt(request, answer));
      noteAnswer(outcome);
      return outcome;
    },
    reachable: () => {
      if (breaker.state === CircuitState.Closed && performance.now() - answeredAt < readyProofMs) return Promise.resolve(true);
      probing ??= probe().finally(() => {
        probing = null;
      });
      return probing;
    },
    get circuitOpen() {
      return breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated;
    },
  };
}
