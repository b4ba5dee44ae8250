/** @pos/till-core/api: the till's clients of POS Core and Inventory, their failure classification and credentials. */
export * from './api-error.ts';
export * from './http-client.ts';
export * from './inventory-client.ts';
export * from './pos-core-client.ts';
export * from './server-reachability.ts';
export * from './till-credentials.ts';
