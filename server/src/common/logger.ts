/**
 * Structured JSON logs (one object per line). Every line carries the process's Lamport time
 * (`lamport`, added here unless the call site stamped its own) and the unit of work's store id, order
 * id, correlation id and saga step (tracing/log-context.ts; a call site's own fields win). Card data
 * never reaches a log: bodies are not logged, and token/secret fields are redacted if ever passed.
 * Without an explicit destination, lines go to POS_LOG_DIR's rotated file when set (log-destination.ts).
 */
import pino from 'pino';
import { lamport } from './clock.ts';
import { logDirectoryDestination } from './log-destination.ts';
import { currentLogContext } from './tracing/log-context.ts';

export type Logger = pino.Logger;
/** Where log lines go: stdout by default; a file (POS_LOG_FILE) or an in-process stream in tests. */
export type LogDestination = pino.DestinationStream;

export function createLogger(service: string, level: string = 'info', destination?: LogDestination): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        '*.authorization',
        '*.Authorization',
        'token',
        'cardToken',
        '*.token',
        '*.cardToken',
        '*.cardNumber',
        '*.password',
        'headers.authorization',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
    formatters: { level: (label) => ({ level: label }) },
    mixin: (merged) => ({ ...currentLogContext(), ...('lamport' in merged ? {} : { lamport: lamport.time }) }),
  };
  const target = destination ?? logDirectoryDestination(service);
  return target ? pino(options, target) : pino(options);
}
