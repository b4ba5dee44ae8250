/**
 * Fingerprints of the wire schemas: every zod schema exported by a module of `shared/src` (the one
 * place wire messages and events are defined, DESIGN §2), each as the SHA-256 of its JSON Schema
 * (zod's toJSONSchema) for what a sender may write (`input`) and what a reader gets (`output`), keys
 * sorted so the hash depends on the shape only. Refinements that JSON Schema cannot state (a custom
 * check, a transform's code) are not covered: a change there that alters what is accepted still
 * deserves a version bump by hand.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const SCHEMA_DIR = fileURLToPath(new URL('../src/', import.meta.url));

/** JSON with every object's keys sorted: the same shape always serialises the same way. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function fingerprintOf(schema: z.ZodType): string {
  const shape = (io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', cycles: 'ref', reused: 'inline' });
  return sha256(canonical({ input: shape('input'), output: shape('output') })).slice(0, 16);
}

/** `<module>.<export>` → fingerprint, for every zod schema exported by a module of shared/src (tests excluded). */
export async function wireFingerprints(): Promise<Record<string, string>> {
  const modules = readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  const fingerprints: Record<string, string> = {};
  for (const file of modules) {
    const exports = (await import(new URL(file, new URL('../src/', import.meta.url)).href)) as Record<string, unknown>;
    for (const name of Object.keys(exports).sort()) {
      const value = exports[name];
      if (value instanceof z.ZodType) fingerprints[`${file.replace(/\.ts$/, '')}.${name}`] = fingerprintOf(value);
    }
  }
  return fingerprints;
}

/** One hash over every schema's fingerprint: what a protocol version stands for. */
export const combinedFingerprint = (fingerprints: Record<string, string>) => sha256(canonical(fingerprints)).slice(0, 16);
