/** @pos/till-core/diagnostics: what the till tells about itself — its journal, Lamport clock, traced fetch, summary and export bundle. */
export * from './diagnostics-bundle.ts';
export * from './diagnostics-summary.ts';
export * from './till-journal.ts';
export * from './till-lamport.ts';
export * from './traced-fetch.ts';
