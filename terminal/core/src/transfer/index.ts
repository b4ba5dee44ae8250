/** @pos/till-core/transfer: exporting unsynced sales to a file and importing such a file on another till (G6). */
export * from './export-sales.ts';
export * from './import-sales.ts';
export * from './sales-file.ts';
