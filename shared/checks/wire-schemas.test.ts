/**
 * A wire schema may not change while the protocol version stays the same (DESIGN §4, "Protocol
 * version"). `wire-schemas.snapshot.json` records, for the current PROTOCOL_VERSION, the fingerprint
 * of every schema in shared/src, and for every version ever released the combined fingerprint it
 * stood for. Changing a schema makes this test fail until PROTOCOL_VERSION is bumped and the
 * snapshot updated (`pnpm --filter @pos/shared wire-snapshot`); updating refuses to record a changed
 * set of schemas under a version that already stands for another.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../src/protocol.ts';
import { combinedFingerprint, wireFingerprints } from './wire-fingerprint.ts';

interface WireSnapshot {
  protocolVersion: string;
  /** Every version ever recorded → the combined fingerprint of its schemas. */
  released: Record<string, string>;
  schemas: Record<string, string>;
}

const SNAPSHOT = new URL('./wire-schemas.snapshot.json', import.meta.url);
const UPDATE = process.env.UPDATE_WIRE_SNAPSHOT === '1';
const HOW =
  'bump PROTOCOL_VERSION in shared/src/protocol.ts (MINOR for an additive change, MAJOR otherwise) and update the snapshot: pnpm --filter @pos/shared wire-snapshot';

function differences(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.flatMap((n) =>
    before[n] === after[n] ? [] : [`${n} (${before[n] === undefined ? 'added' : after[n] === undefined ? 'removed' : 'changed'})`],
  );
}

describe('wire schemas and the protocol version', () => {
  it('when a wire schema changes, then the protocol version changes with it', async () => {
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as WireSnapshot;
    const schemas = await wireFingerprints();
    const combined = combinedFingerprint(schemas);
    const changed = differences(snapshot.schemas, schemas);
    const recorded = snapshot.released[PROTOCOL_VERSION];

    if (recorded !== undefined && recorded !== combined) {
      throw new Error(
        `Wire schemas changed but the protocol version is still ${PROTOCOL_VERSION}: ${changed.join(', ') || '(see the snapshot)'}. Please ${HOW}.`,
      );
    }
    if (UPDATE) {
      const next: WireSnapshot = {
        protocolVersion: PROTOCOL_VERSION,
        released: { ...snapshot.released, [PROTOCOL_VERSION]: combined },
        schemas,
      };
      writeFileSync(SNAPSHOT, `${JSON.stringify(next, null, 2)}\n`);
      return;
    }
    expect(
      changed,
      `Wire schemas differ from the snapshot of protocol ${snapshot.protocolVersion}: ${changed.join(', ')}. Please ${HOW}.`,
    ).toEqual([]);
    expect(
      snapshot.protocolVersion,
      `PROTOCOL_VERSION is ${PROTOCOL_VERSION}; update the snapshot: pnpm --filter @pos/shared wire-snapshot`,
    ).toBe(PROTOCOL_VERSION);
    expect(recorded, 'the snapshot records this version').toBe(combined);
  });

  it('when schemas are fingerprinted twice, then the fingerprints are the same (they depend on the shapes only)', async () => {
    expect(await wireFingerprints()).toEqual(await wireFingerprints());
  });
});
