/** Bounds on every wire message: anything larger is refused with a 4xx before it reaches the domain. */
export const LIMITS = {
  maxLinesPerOrder: 200,
  maxTendersPerOrder: 10,
  /** Card tenders (parts) of one order: each is its own authorization at Payment. */
  maxCardParts: 4,
  maxOrdersPerBatch: 500,
  maxQuantity: 10_000,
  maxUnitPrice: 10_000_000, // 100 000.00 in minor units
  maxTaxRateBps: 10_000, // 100 %
  maxIdLength: 64,
  maxNameLength: 200,
  maxPageSize: 1_000,
  /** Body-size limit of every service, in bytes (a 500-order batch of 200 lines fits easily below it). */
  maxBodyBytes: 4 * 1024 * 1024,
} as const;
