/**
 * A virtual network receipt printer for tests: a TCP listener on a free port of 127.0.0.1 that keeps
 * every connection's bytes as one print job (what a real port-9100 printer would print). Proves what
 * the till printed, byte for byte; `escpos-text.ts` reads a job back as text.
 */
import { createServer, type Socket } from 'node:net';

export interface VirtualPrinter {
  host: string;
  port: number;
  /** `host:port`, as TILL_PRINTER takes it. */
  address: string;
  /** The jobs received so far, in order (a job is complete when its connection ended). */
  readonly jobs: readonly Uint8Array[];
  /** Resolves with job `index` (0-based) once it is complete; rejects after `timeoutMs`. */
  job(index: number, timeoutMs?: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function startVirtualPrinter(): Promise<VirtualPrinter> {
  const jobs: Uint8Array[] = [];
  const waiters: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      jobs.push(new Uint8Array(Buffer.concat(chunks)));
      socket.end();
      for (const wake of waiters.splice(0)) wake();
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the virtual printer has no TCP address');
  const { port } = address;
  return {
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    jobs,
    job(index, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no print job #${index} within ${timeoutMs} ms (got ${jobs.length})`)), timeoutMs);
        const check = () => {
          const job = jobs[index];
          if (job) {
            clearTimeout(timer);
            resolve(job);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
