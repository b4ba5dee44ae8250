/** @pos/till-core/receipt: the one receipt definition, its HTML and ESC/POS renderings, printing and the scannable order number. */
export * from './open-cash-drawer.ts';
export * from './order-number.ts';
export * from './print-sale-receipt.ts';
export * from './receipt.ts';
export * from './receipt-escpos.ts';
export * from './receipt-html.ts';
export * from './receipt-prints.ts';
export * from './refund-receipt-html.ts';
