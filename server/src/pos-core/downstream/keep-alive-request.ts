/**
 * One HTTP request from POS Core to a downstream service over node:http with a keep-alive agent per
 * downstream: its sockets are reused from call to call (no connection set-up per saga step), and
 * none of fetch's WHATWG streams, Headers or Response objects are built for what is a small JSON
 * answer — the cheapest way a saga step can speak HTTP. The body is read whole; `signal` aborts the
 * request and the reading of its answer (with-deadline.ts), rejecting with the signal's reason.
 */
import http from 'node:http';
import https from 'node:https';

export interface KeepAliveAnswer {
  status: number;
  /** A response header by its (case-insensitive) name; null when absent. */
  header(name: string): string | null;
  text: string;
}

export interface KeepAliveRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export function createKeepAliveSender(baseUrl: string): (path: string, request: KeepAliveRequest) => Promise<KeepAliveAnswer> {
  const secure = new URL(baseUrl).protocol === 'https:';
  const transport = secure ? https : http;
  // No cap on sockets (as fetch had none): a readiness probe never queues behind saga calls.
  const agent = new transport.Agent({ keepAlive: true });
  return (path, request) =>
    new Promise<KeepAliveAnswer>((resolve, reject) => {
      const { signal } = request;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const headers =
        request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
      const req = transport.request(`${baseUrl}${path}`, { method: request.method, headers, agent });
      const abort = () => {
        req.destroy();
        reject(signal.reason);
      };
      signal.addEventListener('abort', abort, { once: true });
      const done = () => signal.removeEventListener('abort', abort);
      req.on('error', (error) => {
        done();
        reject(error);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => {
          done();
          reject(error);
        });
        res.on('end', () => {
          done();
          resolve({
            status: res.statusCode ?? 0,
            header: (name) => {
              const value = res.headers[name.toLowerCase()];
              return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.end(request.body);
    });
}
