/** @pos/till-core/checkout: the cart, building an order, recording a cash sale and the online card checkout. */
export * from './build-order.ts';
export * from './can-print-receipt.ts';
export * from './card-checkout.ts';
export * from './card-part-decline.ts';
export * from './cart.ts';
export * from './cash-due.ts';
export * from './discount-input.ts';
export * from './parse-amount.ts';
export * from './record-cash-sale.ts';
export * from './sale-context.ts';
export * from './split-draft.ts';
