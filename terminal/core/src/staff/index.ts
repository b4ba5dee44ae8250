/** @pos/till-core/staff: staff sign-in at the till (offline, with lockout), who is signed in, overrides. */
export * from './approve-override.ts';
export * from './check-staff-pin.ts';
export * from './pin-lockout.ts';
export * from './staff-cache.ts';
export * from './staff-session.ts';
export * from './staff-sync.ts';
