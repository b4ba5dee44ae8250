-- The catalogue's price and tax rate of each reserved line's product, read under the product's row
-- lock when the reservation was made, and answered with the reservation: POS Core records them
-- against the till's prices (a stale till price is recorded, never refused). Null: the catalogue did
-- not offer the product (unknown or deleted), or the line was reserved before these columns existed.
ALTER TABLE reservation_lines ADD COLUMN catalog_price bigint, ADD COLUMN catalog_tax_rate_bps integer;
