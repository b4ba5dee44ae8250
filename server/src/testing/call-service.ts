/**
 * For tests: one HTTP call to a service with a bearer credential, and the answer with its body parsed
 * as JSON when it is JSON (an event stream or an empty body stays text / null).
 */
import { HEADERS } from '@pos/shared/http';

export interface ServiceAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON answers of many shapes
  body: any;
}

export interface ServiceCallOptions {
  /** The bearer token (none when absent). */
  token?: string | null;
  /** Pos-Tenant (for the service credential). */
  tenant?: string;
  /** Idempotency-Key. */
  key?: string;
  headers?: Record<string, string>;
  /** Sent as is when a string, as JSON otherwise. */
  body?: unknown;
}

export async function callService(baseUrl: string, method: string, path: string, options: ServiceCallOptions = {}): Promise<ServiceAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.tenant !== undefined) headers[HEADERS.tenant] = options.tenant;
  if (options.key !== undefined) headers[HEADERS.idempotencyKey] = options.key;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (e.g. an event stream): keep the text
  }
  return { status: res.status, headers: res.headers, body };
}
