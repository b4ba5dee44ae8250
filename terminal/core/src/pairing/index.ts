/** @pos/till-core/pairing: pairing a till with a one-time code, its stored credential, and a revoked till. */
export * from './pair-till.ts';
export * from './paired-credential.ts';
export * from './resolve-till-config.ts';
export * from './revoked-till.ts';
export * from './token-rotation.ts';
