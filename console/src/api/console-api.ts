/**
 * The console's client of POS Core and Inventory: the manager's bearer token on every call, answers
 * parsed with the shared zod schemas, problem+json answers turned into `ConsoleApiError` (the
 * sentence a manager reads is the problem's detail).
 */
import { HEADERS } from '@pos/shared/http';
import { problem } from '@pos/shared/problem';
import type { z } from 'zod';
import type { ConsoleConfig } from './console-config.ts';

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

export type Service = 'posCore' | 'inventory';

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  /** Idempotency-Key of a mutation (one per intent: a retry of the same intent sends the same key). */
  key?: string;
}

export class ConsoleApi {
  constructor(
    readonly config: ConsoleConfig,
    readonly token: string,
  ) {}

  url(service: Service, path: string): string {
    return new URL(path, service === 'posCore' ? this.config.posCoreUrl : this.config.inventoryUrl).toString();
  }

  async call<S extends z.ZodType>(service: Service, path: string, schema: S, options: CallOptions = {}): Promise<z.infer<S>> {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${this.token}` };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.key) headers[HEADERS.idempotencyKey] = options.key;
    let response: Response;
    try {
      response = await fetch(this.url(service, path), {
        method: options.method ?? 'GET',
        headers,
        cache: 'no-store',
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch {
      throw new ConsoleApiError(0, `${service === 'posCore' ? 'POS Core' : 'Inventory'} cannot be reached.`);
    }
    const text = await response.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) {
      const parsed = problem.safeParse(json);
      const detail = parsed.success
        ? parsed.data.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') || parsed.data.detail || parsed.data.title
        : text;
      throw new ConsoleApiError(response.status, detail || `HTTP ${response.status}`);
    }
    return schema.parse(json);
  }
}
