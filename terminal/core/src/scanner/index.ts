/** @pos/till-core/scanner: what a barcode scan is (product code or receipt order number) and which screen takes it. */
export * from './scan.ts';
export * from './scan-router.ts';
