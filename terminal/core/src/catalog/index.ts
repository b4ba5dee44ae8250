/** @pos/till-core/catalog: the till's cached catalogue, its search, and the units sold here it does not count yet. */
export * from './name-words.ts';
export * from './product-catalog.ts';
export * from './search-products.ts';
export * from './uncounted-sales.ts';
