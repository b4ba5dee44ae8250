/**
 * Sends bytes to a network ESC/POS printer over raw TCP (the "port 9100" protocol: whatever arrives is
 * printed). The one sender for the Electron main process and the browser till's relay (till-server.ts).
 * Resolves once every byte was handed to the printer and the connection closed; rejects on a refused
 * or silent connection (after `timeoutMs`).
 * Node-only (no Electron).
 */
import { Socket } from 'node:net';

export interface NetworkPrinter {
  host: string;
  port: number;
}

/** The largest print job accepted: a receipt is a few KB (a QR code and no raster images). */
export const MAX_PRINT_JOB_BYTES = 256 * 1024;

export function sendToPrinter(printer: NetworkPrinter, bytes: Uint8Array, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new Error(`the printer at ${printer.host}:${printer.port} did not answer within ${timeoutMs} ms`)),
    );
    socket.once('error', fail);
    socket.connect(printer.port, printer.host, () => {
      socket.end(bytes, () => {
        socket.destroy();
        resolve();
      });
    });
  });
}
