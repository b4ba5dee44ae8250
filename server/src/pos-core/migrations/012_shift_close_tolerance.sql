-- Issue 15: the cash difference (counted − expected, either way; minor units) a shift may close with
-- without a manager's override (shared/src/staff-policy.ts `shift_close_difference`).
ALTER TABLE store_settings ADD COLUMN shift_close_tolerance bigint NOT NULL DEFAULT 500 CHECK (shift_close_tolerance >= 0);
