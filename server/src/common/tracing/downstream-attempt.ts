/**
 * One attempt of a call from POS Core to Inventory or Payment, as seen from the caller (issue #19 §2,
 * §3): the saga step of the log context goes out as `Pos-Saga-Step`, a CLIENT span's `traceparent`
 * goes out when tracing is on, and when the answer (or its absence) is known one log line says what
 * the attempt came to — so a retry, a timeout whose answer was lost and the replay that recovered it
 * all show in `pnpm trace`. The line is stamped after the answer's Lamport time was observed.
 */
import { HEADERS } from '@pos/shared/http';
import type { Logger } from '../logger.ts';
import { currentLogContext } from './log-context.ts';
import { startClientSpan } from './otel.ts';

export interface AttemptOutcome {
  kind: string;
  status?: number;
  reason?: string;
}

export interface DownstreamAttempt {
  /** Records what the attempt came to; returns the outcome unchanged. */
  end<O extends AttemptOutcome>(outcome: O, replayed?: boolean): O;
}

export function startDownstreamAttempt(
  logger: Logger | undefined,
  downstream: string,
  request: { method: string; path: string },
  headers: Record<string, string>,
): DownstreamAttempt {
  const step = currentLogContext()?.step;
  if (step) headers[HEADERS.sagaStep] = step;
  const started = process.hrtime.bigint();
  const span = startClientSpan(
    `${request.method} ${downstream}`,
    { 'http.request.method': request.method, 'pos.downstream': downstream, ...(step ? { 'pos.step': step } : {}) },
    headers,
  );
  return {
    end(outcome, replayed) {
      span.setAttributes({ 'pos.outcome': outcome.kind, ...(outcome.status ? { 'http.response.status_code': outcome.status } : {}) });
      span.end(outcome.kind === 'unavailable');
      logger?.info(
        {
          downstream,
          method: request.method,
          path: request.path,
          outcome: outcome.kind,
          status: outcome.status,
          reason: outcome.reason,
          replayed: replayed || undefined,
          sentLamport: Number(headers[HEADERS.lamport]) || undefined,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        },
        'downstream answered',
      );
      return outcome;
    },
  };
}
