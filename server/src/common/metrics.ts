/** Prometheus metrics of one service process (`GET /metrics`). */
import client from 'prom-client';

export interface ServiceMetrics {
  registry: client.Registry;
  httpRequests: client.Counter<'method' | 'route' | 'status'>;
  httpDuration: client.Histogram<'method' | 'route'>;
  /** Answers that were an idempotent replay (`Idempotent-Replayed: true`): a caller repeated a request whose answer it lost. */
  idempotentReplays: client.Counter<'route'>;
}

export function createMetrics(service: string): ServiceMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new client.Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    idempotentReplays: new client.Counter({
      name: 'pos_idempotent_replays_total',
      help: 'Requests answered as an idempotent replay of an earlier one, by route',
      labelNames: ['route'],
      registers: [registry],
    }),
  };
}
