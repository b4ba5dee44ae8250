-- Issue 18 item 4: how long a cart parked at a till is kept (minutes); NULL = the default of
-- shared/src/store-settings.ts (DEFAULT_STORE_SETTINGS).
ALTER TABLE store_settings ADD COLUMN parked_cart_expiry_minutes integer CHECK (parked_cart_expiry_minutes > 0);
