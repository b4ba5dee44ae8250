/**
 * Structured JSON logs (one object per line). Every line carries the process's Lamport time
 * (`lamport`, added here unless the call site stamped its own); every line about an order carries
 * its id as `correlationId`. Card data never reaches a log: bodies are not logged, and
 * token/secret fields are redacted if ever passed.
 */
import pino from 'pino';
import { lamport } from './clock.ts';

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
        '*.token',
        '*.cardToken',
        '*.password',
        'headers.authorization',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
    formatters: { level: (label) => ({ level: label }) },
    mixin: (merged) => ('lamport' in merged ? {} : { lamport: lamport.time }),
  };
  return destination ? pino(options, destination) : pino(options);
}
