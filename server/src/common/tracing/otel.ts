/**
 * Standard distributed tracing (issue #19 §3): W3C `traceparent` in and out through the OpenTelemetry
 * API, spans exported over OTLP/HTTP to the operator's own backend.
 *
 * Contract:
 * - On only when an endpoint is configured: OTEL_EXPORTER_OTLP_ENDPOINT (or
 *   OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), and OTEL_SDK_DISABLED is not "true". The exporter reads the
 *   other standard variables itself (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, OTEL_BSP_*).
 * - Off, it costs nothing: every helper here checks one boolean and calls straight through — no
 *   context extraction, no span objects, no headers added.
 * - One provider per process (the first service started registers it; in-process test stacks share
 *   it), so every span also carries `pos.service`, the service that made it.
 * - Spans end up in batches; `stopTracing` flushes what is left.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type Attributes, context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

let provider: NodeTracerProvider | null = null;
let starting: Promise<void> | null = null;
let users = 0;
const TRACER = 'till-and-sync';

/** Is an OTLP endpoint configured (and the SDK not disabled)? */
export function otlpConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export const tracingEnabled = (): boolean => provider !== null;

/**
 * Starts exporting when an endpoint is configured; otherwise does nothing. Pair with stopTracing.
 * The SDK and the exporter are loaded only then: a service without an endpoint never pays their
 * memory or start-up time (only the API, whose no-op calls the helpers below skip anyway).
 */
export async function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!otlpConfigured(env)) return;
  users += 1;
  starting ??= (async () => {
    const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, NodeTracerProvider }] = await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-node'),
    ]);
    const started = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || service }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    });
    started.register();
    provider = started;
  })();
  await starting;
}

/** Flushes and stops the exporter when the last service of the process stops. */
export async function stopTracing(): Promise<void> {
  if (!provider) return;
  users -= 1;
  if (users > 0) return;
  const p = provider;
  provider = null;
  starting = null;
  await p.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
}

export interface ActiveSpan {
  setAttributes(attributes: Attributes): void;
  updateName(name: string): void;
  end(failed?: boolean): void;
}

const NO_SPAN: ActiveSpan = { setAttributes() {}, updateName() {}, end() {} };

function wrap(span: Span): ActiveSpan {
  return {
    setAttributes: (a) => void span.setAttributes(a),
    updateName: (n) => void span.updateName(n),
    end(failed) {
      if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}

/**
 * Runs `fn` inside a span of `kind`: a SERVER span continues the caller's trace from `incoming`
 * headers (`traceparent`); other spans are children of the active one.
 */
export function runInSpan<T>(
  name: string,
  kind: 'server' | 'client' | 'internal',
  attributes: Attributes,
  fn: (span: ActiveSpan) => T,
  incoming?: IncomingHttpHeaders,
): T {
  if (!provider) return fn(NO_SPAN);
  const parent = incoming ? propagation.extract(ROOT_CONTEXT, incoming) : context.active();
  const spanKind = kind === 'server' ? SpanKind.SERVER : kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL;
  const span = trace.getTracer(TRACER).startSpan(name, { kind: spanKind, attributes }, parent);
  return context.with(trace.setSpan(parent, span), () => fn(wrap(span)));
}

/** Starts a CLIENT span, child of the active one, and puts its `traceparent` on the outgoing headers. */
export function startClientSpan(name: string, attributes: Attributes, headers: Record<string, string>): ActiveSpan {
  if (!provider) return NO_SPAN;
  const span = trace.getTracer(TRACER).startSpan(name, { kind: SpanKind.CLIENT, attributes }, context.active());
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return wrap(span);
}
