/**
 * The version of the wire protocol: every schema in `shared/` that travels between the till and the
 * services or between the services (DESIGN §4, "Protocol version").
 *
 * `MAJOR.MINOR`. A change a reader of the previous version still understands (a new optional field, a
 * new endpoint, a new event type a reader may ignore) bumps MINOR; any other change bumps MAJOR.
 * Every request and every answer carries `Pos-Protocol: <version>`; a service refuses a request that
 * names another MAJOR with a 400 (problem type `unsupported-protocol`), and a request without the
 * header is read as the current version, so older callers and plain curl keep working.
 *
 * `shared/checks/wire-schemas.test.ts` fingerprints every schema against `shared/checks/wire-schemas.snapshot.json`
 * and fails when one changed while the version stayed the same.
 */

export const PROTOCOL_VERSION = '1.2';

const VERSION = /^(\d{1,4})(?:\.(\d{1,4}))?$/;

/** The major version a header names, or null when the value is not a version. */
export function protocolMajor(value: string): number | null {
  const match = VERSION.exec(value.trim());
  return match ? Number(match[1]) : null;
}

export const PROTOCOL_MAJOR = protocolMajor(PROTOCOL_VERSION) as number;

/**
 * What a `Pos-Protocol` header value means to this side: absent (read as the current version),
 * a version it speaks (same major), or not one it can read.
 */
export function checkProtocol(value: string | null | undefined): 'current' | 'supported' | 'unsupported' | 'malformed' {
  if (value === null || value === undefined) return 'current';
  const major = protocolMajor(value);
  if (major === null) return 'malformed';
  return major === PROTOCOL_MAJOR ? 'supported' : 'unsupported';
}
