/**
 * Why the embedded PostgreSQL could not start, as one sentence a person can act on: it names the
 * folder or port at fault and what to do. Callers print `message` alone — never a stack trace.
 */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}
