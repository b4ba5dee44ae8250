/** @pos/till-core/database: the till's database (one per terminal), its key/value settings and the till reset. */

export * from './meta.ts';
export * from './reset-till.ts';
export * from './till-database.ts';
