-- A product may be prepared at a kitchen station (the kitchen service turns confirmed orders with
-- such lines into tickets, per station). NULL: sold over the counter, nothing to prepare.
ALTER TABLE products ADD COLUMN kitchen_station text;
