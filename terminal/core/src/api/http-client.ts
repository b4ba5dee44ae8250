/**
 * A typed JSON client of one service over fetch: bearer token on every call, a timeout, answers
 * validated with zod, and every failure turned into an `ApiError` (see api-error.ts). Each outcome
 * also tells the service's `ServerReachability` whether the server answered. A 401 renews the
 * credentials (the token may have been rotated) and, when the token changed, retries once.
 * Every request names the protocol version (`Pos-Protocol`, DESIGN §4); an answer naming a major
 * version the till does not speak is an `invalid_response`, like a body that does not parse.
 */
import { HEADERS } from '@pos/shared/http';
import { checkProtocol, PROTOCOL_VERSION } from '@pos/shared/protocol';
import type { z } from 'zod';
import { ApiError, failureFromResponse } from './api-error.ts';
import type { ServerReachability } from './server-reachability.ts';
import { fixedCredentials, type TillCredentials } from './till-credentials.ts';

export interface HttpClientOptions {
  baseUrl: string;
  /** A fixed token, or credentials that can be renewed after a 401. */
  token: string | TillCredentials;
  reachability?: ServerReachability;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RequestOptions<S extends z.ZodType> {
  schema: S;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface HttpAnswer<T> {
  status: number;
  headers: Headers;
  data: T;
}

export class HttpClient {
  readonly baseUrl: string;
  readonly credentials: TillCredentials;
  readonly #reachability: ServerReachability | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl;
    this.credentials = typeof options.token === 'string' ? fixedCredentials(options.token) : options.token;
    this.#reachability = options.reachability;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  url(path: string): URL {
    return new URL(path, this.baseUrl);
  }

  async request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, options: RequestOptions<S>): Promise<HttpAnswer<z.infer<S>>> {
    try {
      return await this.#requestOnce(method, path, options);
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'unauthorized' && (await this.credentials.renew())) {
        return this.#requestOnce(method, path, options);
      }
      throw error;
    }
  }

  async #requestOnce<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    options: RequestOptions<S>,
  ): Promise<HttpAnswer<z.infer<S>>> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${this.credentials.current()}`,
      [HEADERS.protocol]: PROTOCOL_VERSION,
      ...options.headers,
    };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(this.url(path), {
        method,
        headers,
        cache: 'no-store',
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      this.#reachability?.reportUnreachable();
      throw new ApiError({ kind: 'network', message: error instanceof Error ? error.message : String(error) });
    }
    this.#reachability?.reportResponse(response.status);
    if (!response.ok) throw new ApiError(failureFromResponse(response.status, response.headers, text));
    const protocol = checkProtocol(response.headers.get(HEADERS.protocol));
    if (protocol === 'unsupported' || protocol === 'malformed') {
      throw new ApiError({
        kind: 'invalid_response',
        status: response.status,
        message: `the server speaks protocol ${response.headers.get(HEADERS.protocol)}; this till speaks ${PROTOCOL_VERSION}`,
      });
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ApiError({ kind: 'invalid_response', status: response.status, message: 'the body is not JSON' });
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError({
        kind: 'invalid_response',
        status: response.status,
        message: parsed.error.issues[0]?.message ?? 'schema mismatch',
      });
    }
    return { status: response.status, headers: response.headers, data: parsed.data };
  }
}
