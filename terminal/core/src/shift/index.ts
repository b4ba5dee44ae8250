/** @pos/till-core/shift: the drawer — open a shift with a float, cash in/out, close with a blind count, X and Z reports. */
export * from './cash-movement-record.ts';
export * from './close-difference.ts';
export * from './close-shift.ts';
export * from './ensure-open-shift.ts';
export * from './no-sale-record.ts';
export * from './open-shift.ts';
export * from './open-shift-state.ts';
export * from './record-cash-movement.ts';
export * from './record-no-sale.ts';
export * from './shift-close-record.ts';
export * from './shift-open-record.ts';
export * from './shift-totals.ts';
export * from './till-z-report.ts';
export * from './watch-shift.ts';
