-- Each store sells in one currency (ISO 4217), stated when the store is created and answered to its
-- tills (GET /v1/store): the till records it with every sale and formats prices with it. Every store
-- created before this column existed sold in euros (the till had no other currency).
ALTER TABLE stores ADD COLUMN currency text;
UPDATE stores SET currency = 'EUR' WHERE currency IS NULL;
ALTER TABLE stores ALTER COLUMN currency SET NOT NULL;
ALTER TABLE stores ADD CONSTRAINT stores_currency_iso CHECK (currency ~ '^[A-Z]{3}$');
