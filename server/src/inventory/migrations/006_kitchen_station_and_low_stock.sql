-- What the store's event consumers need of a product:
-- kitchen_station: where the kitchen prepares it (the kitchen service turns confirmed orders with such
--   lines into tickets, per station); NULL: sold over the counter, nothing to prepare.
-- low_stock_threshold: the notification service alerts the store when available stock falls to it or
--   below (crossing it, not every sale below it); NULL: no alert.
ALTER TABLE products
  ADD COLUMN kitchen_station text,
  ADD COLUMN low_stock_threshold integer CHECK (low_stock_threshold >= 0);
