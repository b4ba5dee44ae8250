/**
 * Structured JSON logs (one object per line). Every line about an order carries its id as
 * `correlationId` and the service's Lamport time. Card data never reaches a log: bodies are not
 * logged, and token/secret fields are redacted if ever passed.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
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
  });
}
