/** @pos/till-core/parked: carts parked on this till to serve the next customer, resumed later. */
export * from './parked-cart.ts';
export * from './parked-carts.ts';
